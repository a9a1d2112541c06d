//! Publish: write the built site into a fresh folder beside the output folder, then swap it in.
//!
//! Pages are handed over as soon as they are drawn, so the whole site never sits in memory.
//!
//! Nothing touches the output folder until every file of the new site is written, so a failed
//! or interrupted build leaves the last good site in place. Since the swap deletes what was
//! there, the output folder must be samkort's own: missing, empty, or marked by an earlier build
//! ([`MARKER`]); never a file, never `/`, and never the site's sources (root, content, themes,
//! templates) or a parent of them. `--force` replaces an unmarked folder all the same. Folders
//! left by a build that was killed are removed by the next build into the same place.

use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    /// The output folder is one we must never replace.
    #[error("{0}")]
    Unsafe(String),
    #[error("cannot write {path}: {source}", path = .0.display(), source = .1)]
    Io(PathBuf, #[source] io::Error),
    /// A file to copy into the site could not be read.
    #[error("cannot read {path}: {source}", path = .0.display(), source = .1)]
    Read(PathBuf, #[source] io::Error),
}

/// The file every built site carries, so the next build knows the folder is samkort's to replace.
pub const MARKER: &str = ".samkort-output";

fn absolute(p: &Path) -> PathBuf {
    let abs = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|d| d.join(p))
            .unwrap_or_else(|_| p.to_path_buf())
    };
    // Resolve `..` and symlinks where the path exists; keep the rest as written.
    let mut existing = abs.clone();
    let mut tail = Vec::new();
    while !existing.exists() {
        match (existing.file_name().map(|s| s.to_os_string()), existing.parent()) {
            (Some(name), Some(parent)) => {
                tail.push(name);
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let mut out = existing.canonicalize().unwrap_or(existing);
    for part in tail.into_iter().rev() {
        out.push(part);
    }
    out
}

/// Refuses output folders whose replacement would destroy the site, the system or someone's
/// files. With `force`, a folder that holds files samkort did not write is replaced too.
pub fn check_output_dir(root: &Path, output: &Path, force: bool) -> Result<PathBuf, PublishError> {
    let out = absolute(output);
    let root = absolute(root);
    let refuse = |why: String| {
        Err(PublishError::Unsafe(format!(
            "refusing to write the site to {}: {why}",
            out.display()
        )))
    };
    if out.parent().is_none() {
        return refuse("it is the file system root".into());
    }
    if out == root || root.starts_with(&out) {
        return refuse("it is the site root or a parent of it, and would be replaced".into());
    }
    for (what, source) in [
        ("the content folder", root.join("content")),
        ("the themes folder", root.join("themes")),
        ("the templates folder", root.join("templates")),
        ("samkort.toml", root.join(crate::config::CONFIG_FILE)),
    ] {
        if out.starts_with(&source) || source.starts_with(&out) {
            return refuse(format!("it is {what} or inside or around it"));
        }
    }
    if out.exists() && !out.is_dir() {
        return refuse("it is a file, not a folder".into());
    }
    let foreign = out.is_dir()
        && !out.join(MARKER).is_file()
        && std::fs::read_dir(&out).map(|mut d| d.next().is_some()).unwrap_or(true);
    if foreign && !force {
        return refuse(format!(
            "it holds files that samkort did not write (no {MARKER} from an earlier build), and would be replaced; \
             empty it, choose another folder, or pass --force"
        ));
    }
    Ok(out)
}

/// `samkort clean`: removes the output folder (when it is samkort's own, see
/// [`check_output_dir`]) and the folders that killed builds left beside it. Returns what it
/// removed.
pub fn clean(root: &Path, output: &Path, force: bool) -> Result<Vec<PathBuf>, PublishError> {
    let out = check_output_dir(root, output, force)?;
    let mut removed = Vec::new();
    if out.is_dir() {
        std::fs::remove_dir_all(&out).map_err(|e| PublishError::Io(out.clone(), e))?;
        removed.push(out.clone());
    }
    if let (Some(parent), Some(name)) = (out.parent(), out.file_name()) {
        removed.extend(remove_leftovers(parent, &name.to_string_lossy()));
    }
    Ok(removed)
}

/// Removes the temporary and old folders that builds into `out` left when they were killed:
/// `.<name>.<process id>.tmp-build` and `.old-build` beside it, whose process is gone.
/// Returns the folders removed.
fn remove_leftovers(parent: &Path, name: &str) -> Vec<PathBuf> {
    let mut removed = Vec::new();
    let Ok(entries) = std::fs::read_dir(parent) else {
        return removed;
    };
    let prefix = format!(".{name}.");
    for entry in entries.flatten() {
        let file = entry.file_name();
        let Some(rest) = file.to_str().and_then(|f| f.strip_prefix(&prefix)) else {
            continue;
        };
        let Some(pid) = rest
            .strip_suffix(".tmp-build")
            .or_else(|| rest.strip_suffix(".old-build"))
        else {
            continue;
        };
        let running = pid
            .parse::<u32>()
            .is_ok_and(|pid| pid == std::process::id() || Path::new("/proc").join(pid.to_string()).exists());
        if !running && std::fs::remove_dir_all(entry.path()).is_ok() {
            removed.push(entry.path());
        }
    }
    removed
}

/// A new site being written into a temporary folder beside the output folder. Files may be
/// written from several threads. [`Staging::commit`] swaps the folder in; dropping a staging
/// that was not committed removes it and leaves the output as it was.
pub struct Staging {
    tmp: PathBuf,
    out: PathBuf,
    old: PathBuf,
    committed: bool,
}

impl Staging {
    pub fn new(root: &Path, output: &Path, force: bool) -> Result<Staging, PublishError> {
        let out = check_output_dir(root, output, force)?;
        let parent = out
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        std::fs::create_dir_all(&parent).map_err(|e| PublishError::Io(parent.clone(), e))?;
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        remove_leftovers(&parent, &name);
        let tmp = parent.join(format!(".{name}.{}.tmp-build", std::process::id()));
        let old = parent.join(format!(".{name}.{}.old-build", std::process::id()));
        if tmp.exists() {
            std::fs::remove_dir_all(&tmp).map_err(|e| PublishError::Io(tmp.clone(), e))?;
        }
        std::fs::create_dir_all(&tmp).map_err(|e| PublishError::Io(tmp.clone(), e))?;
        let marker = tmp.join(MARKER);
        std::fs::write(
            &marker,
            "This folder is written by samkort build and replaced by the next build.\n",
        )
        .map_err(|e| PublishError::Io(marker, e))?;
        Ok(Staging {
            tmp,
            out,
            old,
            committed: false,
        })
    }

    /// Writes one file at `rel` inside the new site.
    pub fn write(&self, rel: &Path, bytes: &[u8]) -> Result<(), PublishError> {
        let path = self.tmp.join(rel);
        // Most files go to a folder that exists already: make the folder only when writing
        // says it is missing, rather than asking first for every file.
        match std::fs::write(&path, bytes) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                if let Some(dir) = path.parent() {
                    std::fs::create_dir_all(dir).map_err(|e| PublishError::Io(dir.to_path_buf(), e))?;
                }
                std::fs::write(&path, bytes)
            }
            written => written,
        }
        .map_err(|e| PublishError::Io(path, e))
    }

    /// Replaces the output folder with the new site.
    pub fn commit(mut self) -> Result<PathBuf, PublishError> {
        swap(&self.tmp, &self.out, &self.old)?;
        self.committed = true;
        Ok(self.out.clone())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.tmp);
        }
    }
}

fn swap(tmp: &Path, out: &Path, old: &Path) -> Result<(), PublishError> {
    if out.exists() {
        std::fs::rename(out, old).map_err(|e| PublishError::Io(out.to_path_buf(), e))?;
        if let Err(e) = std::fs::rename(tmp, out) {
            // Put the previous site back so nothing is lost.
            let _ = std::fs::rename(old, out);
            return Err(PublishError::Io(out.to_path_buf(), e));
        }
        if remove_tree(old).is_err() {
            let _ = std::fs::remove_dir_all(old);
        }
    } else {
        std::fs::rename(tmp, out).map_err(|e| PublishError::Io(out.to_path_buf(), e))?;
    }
    Ok(())
}

/// Removes a folder and everything in it, the entries of each folder on all cores: the site
/// of a large build is tens of thousands of files, and removing them one at a time took a
/// tenth of the build. Symbolic links are removed, not followed.
fn remove_tree(dir: &Path) -> io::Result<()> {
    let entries = std::fs::read_dir(dir)?.collect::<io::Result<Vec<_>>>()?;
    entries.par_iter().try_for_each(|entry| {
        if entry.file_type()?.is_dir() {
            remove_tree(&entry.path())
        } else {
            std::fs::remove_file(entry.path())
        }
    })?;
    std::fs::remove_dir(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_the_sources_their_parents_files_and_folders_of_others() {
        let root = std::env::temp_dir().join(format!("samkort-publish-guard-{}", std::process::id()));
        std::fs::create_dir_all(root.join("content")).unwrap();
        std::fs::create_dir_all(root.join("themes/default")).unwrap();
        std::fs::write(root.join("samkort.toml"), "").unwrap();
        for bad in [
            root.clone(),
            root.join("content"),
            root.join("content/x"),
            root.join("themes"),
            root.join("themes/default/public"),
            root.join("samkort.toml"),
            root.parent().unwrap().to_path_buf(),
            PathBuf::from("/"),
        ] {
            assert!(
                check_output_dir(&root, &bad, true).is_err(),
                "{} was accepted",
                bad.display()
            );
        }
        assert!(check_output_dir(&root, &root.join("public"), false).is_ok());
        // A folder with someone's files is replaced only with force; one with the marker always.
        std::fs::create_dir_all(root.join("thesis")).unwrap();
        std::fs::write(root.join("thesis/thesis.docx"), "x").unwrap();
        let refused = check_output_dir(&root, &root.join("thesis"), false)
            .unwrap_err()
            .to_string();
        assert!(refused.contains("holds files that samkort did not write"), "{refused}");
        assert!(check_output_dir(&root, &root.join("thesis"), true).is_ok());
        std::fs::write(root.join("thesis/.samkort-output"), "").unwrap();
        assert!(check_output_dir(&root, &root.join("thesis"), false).is_ok());
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn folders_of_killed_builds_are_removed_and_those_of_running_ones_kept() {
        let dir = std::env::temp_dir().join(format!("samkort-leftovers-{}", std::process::id()));
        let gone = dir.join(".public.4000000000.tmp-build");
        let old = dir.join(".public.4000000001.old-build");
        let mine = dir.join(format!(".public.{}.tmp-build", std::process::id()));
        let other = dir.join(".other.4000000000.tmp-build");
        for d in [&gone, &old, &mine, &other] {
            std::fs::create_dir_all(d).unwrap();
        }
        remove_leftovers(&dir, "public");
        assert!(!gone.exists() && !old.exists());
        assert!(mine.exists() && other.exists());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
