//! Publish: write the built site into a fresh folder beside the output folder, then swap it in.
//!
//! Pages are handed over as soon as they are drawn, so the whole site never sits in memory.
//!
//! Nothing touches the output folder until every file of the new site is written, so a failed
//! or interrupted build leaves the last good site in place. The output folder is refused when
//! it is `/`, the site root, the content folder or a parent of either, since the swap deletes
//! what was there.

use std::io;
use std::path::{Path, PathBuf};

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

/// Refuses output folders whose replacement would destroy the site or the system.
pub fn check_output_dir(root: &Path, output: &Path) -> Result<PathBuf, PublishError> {
    let out = absolute(output);
    let root = absolute(root);
    let content = root.join("content");
    if out.parent().is_none() {
        return Err(PublishError::Unsafe(format!(
            "refusing to write the site to {}: it is the file system root",
            out.display()
        )));
    }
    for (what, protected) in [("the site root", &root), ("the content folder", &content)] {
        if &out == protected || protected.starts_with(&out) {
            return Err(PublishError::Unsafe(format!(
                "refusing to write the site to {}: it is {what} or a parent of it, and would be replaced",
                out.display()
            )));
        }
    }
    if out.starts_with(&content) {
        return Err(PublishError::Unsafe(format!(
            "refusing to write the site to {}: it is inside the content folder",
            out.display()
        )));
    }
    Ok(out)
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
    pub fn new(root: &Path, output: &Path) -> Result<Staging, PublishError> {
        let out = check_output_dir(root, output)?;
        let parent = out
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        std::fs::create_dir_all(&parent).map_err(|e| PublishError::Io(parent.clone(), e))?;
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        let tmp = parent.join(format!(".{name}.{}.tmp-build", std::process::id()));
        let old = parent.join(format!(".{name}.{}.old-build", std::process::id()));
        if tmp.exists() {
            std::fs::remove_dir_all(&tmp).map_err(|e| PublishError::Io(tmp.clone(), e))?;
        }
        std::fs::create_dir_all(&tmp).map_err(|e| PublishError::Io(tmp.clone(), e))?;
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
        let _ = std::fs::remove_dir_all(old);
    } else {
        std::fs::rename(tmp, out).map_err(|e| PublishError::Io(out.to_path_buf(), e))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_root_content_and_their_parents() {
        let root = std::env::temp_dir().join(format!("samkort-publish-guard-{}", std::process::id()));
        std::fs::create_dir_all(root.join("content")).unwrap();
        assert!(check_output_dir(&root, &root).is_err());
        assert!(check_output_dir(&root, &root.join("content")).is_err());
        assert!(check_output_dir(&root, &root.join("content/x")).is_err());
        assert!(check_output_dir(&root, root.parent().unwrap()).is_err());
        assert!(check_output_dir(&root, Path::new("/")).is_err());
        assert!(check_output_dir(&root, &root.join("public")).is_ok());
        std::fs::remove_dir_all(&root).unwrap();
    }
}
