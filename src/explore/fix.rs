//! Applying a suggestion to a board file: only the seat numbers change; comments, layout
//! and everything else stay as written.

use std::io::Write;
use std::path::Path;

/// The board file's text with each named sector's `seats` set, keeping every comment,
/// blank line and the decoration around each value.
pub fn set_seats(text: &str, seats: &[(String, u32)]) -> Result<String, String> {
    let mut doc: toml_edit::DocumentMut = text.parse().map_err(|e: toml_edit::TomlError| {
        format!("the file is not valid TOML: {}", e.message())
    })?;
    for (id, n) in seats {
        let item = doc
            .get_mut("sectors")
            .and_then(|s| s.get_mut(id.as_str()))
            .and_then(|s| s.get_mut("seats"))
            .ok_or_else(|| format!("sector `{id}` has no `seats` to change"))?;
        let value = item
            .as_value_mut()
            .ok_or_else(|| format!("`seats` of sector `{id}` is not a value"))?;
        let decor = value.decor().clone();
        *value = toml_edit::Value::from(i64::from(*n));
        *value.decor_mut() = decor;
    }
    Ok(doc.to_string())
}

/// Replaces `path` with `text` atomically: a temporary file in the same directory, given
/// the original's permissions, then renamed over it. On any error the original is intact.
pub fn write_atomic(path: &Path, text: &str) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let permissions = std::fs::metadata(path)?.permissions();
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(text.as_bytes())?;
    tmp.as_file().sync_all()?;
    std::fs::set_permissions(tmp.path(), permissions)?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}
