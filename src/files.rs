//! Reading and writing files so that no input can hang boardcheck, exhaust its memory or
//! lose a file.
//!
//! - Reads are bounded: a file larger than the limit (`--max-file-size`, 10 MB by
//!   default) is refused before it is read whole, whatever it is (a regular file, a pipe,
//!   `/dev/zero`).
//! - Writes are atomic and careful ([`replace`]): the new text goes to a temporary file in
//!   the same folder, which is renamed over the old one, so a reader sees the old file or
//!   the new one, never half of either; a read-only file is refused, a link is written
//!   through to its target, and a file that changed since it was read is left alone.
//! - Finding board files under folders ([`discover`]) ends on link loops and passes over
//!   pipes and devices.

use std::fmt;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

/// How large a file boardcheck reads, by default: 10 MB (`--max-file-size`). The largest
/// real constitutions are a few kilobytes.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 10 * 1000 * 1000;

/// Why a file could not be read.
#[derive(Debug)]
#[non_exhaustive]
pub enum ReadError {
    /// The operating system said no.
    Io(io::Error),
    /// The file is larger than the limit.
    TooLarge {
        /// The limit, in bytes.
        max: u64,
    },
    /// The file is not UTF-8 text.
    NotText,
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Io(e) => f.write_str(&io_reason(e)),
            Self::TooLarge { max } => write!(
                f,
                "it is larger than {}, the most boardcheck reads (raise it with --max-file-size)",
                size_words(*max)
            ),
            Self::NotText => f.write_str("the file is not UTF-8 text"),
        }
    }
}

/// A size in bytes in words: `10 MB`, `512 KB`, `300 bytes`.
#[must_use]
pub fn size_words(bytes: u64) -> String {
    if bytes >= 1_000_000 && bytes.is_multiple_of(1_000_000) {
        format!("{} MB", bytes / 1_000_000)
    } else if bytes >= 1_000 && bytes.is_multiple_of(1_000) {
        format!("{} KB", bytes / 1_000)
    } else {
        format!("{bytes} bytes")
    }
}

/// Parses a size: `10MB`, `512KB`, `2GB`, `300` (bytes); also `KiB`, `MiB`, `GiB`.
///
/// # Errors
/// A message in plain words when the text is not a size.
pub fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (digits, unit) = t.split_at(split);
    let unit = unit.trim().to_ascii_lowercase();
    let scale: u64 = match unit.as_str() {
        "" | "b" => 1,
        "k" | "kb" => 1_000,
        "m" | "mb" => 1_000_000,
        "g" | "gb" => 1_000_000_000,
        "kib" => 1 << 10,
        "mib" => 1 << 20,
        "gib" => 1 << 30,
        _ => {
            return Err(format!(
                "`{s}` is not a size: write e.g. 10MB, 512KB or 300"
            ))
        }
    };
    digits
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(scale))
        .ok_or_else(|| format!("`{s}` is not a size: write e.g. 10MB, 512KB or 300"))
}

/// Reads a text file of at most `max` bytes. A regular file's size is checked before it is
/// read; anything else (a pipe, a device) is read no further than the limit.
///
/// # Errors
/// Why the file cannot be read, in plain words through `Display`.
pub fn read_text(path: &Path, max: u64) -> Result<String, ReadError> {
    let meta = std::fs::metadata(path).map_err(ReadError::Io)?;
    if meta.is_dir() {
        return Err(ReadError::Io(io::Error::new(
            io::ErrorKind::IsADirectory,
            "it is a directory",
        )));
    }
    if meta.is_file() && meta.len() > max {
        return Err(ReadError::TooLarge { max });
    }
    let file = std::fs::File::open(path).map_err(ReadError::Io)?;
    // The size known up front, one read fills the buffer (without it, reading starts
    // with small probing reads: a quarter of a check's time on 2 KB boards).
    let hint = if meta.is_file() {
        usize::try_from(meta.len()).unwrap_or(0)
    } else {
        0
    };
    read_sized(file, max, hint)
}

/// Reads text from `reader` (standard input, say), refusing more than `max` bytes.
///
/// # Errors
/// [`ReadError`] when the reader fails, gives more than `max` bytes, or gives bytes that
/// are not UTF-8.
pub fn read_from(reader: impl Read, max: u64) -> Result<String, ReadError> {
    read_sized(reader, max, 0)
}

/// As [`read_from`], with room for `hint` bytes made first.
fn read_sized(reader: impl Read, max: u64, hint: usize) -> Result<String, ReadError> {
    let mut bytes = Vec::with_capacity(hint.saturating_add(1));
    reader
        .take(max.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > max {
        return Err(ReadError::TooLarge { max });
    }
    String::from_utf8(bytes).map_err(|_| ReadError::NotText)
}

/// An I/O error in plain words.
#[must_use]
pub fn io_reason(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "no such file".into(),
        io::ErrorKind::PermissionDenied => "permission denied".into(),
        io::ErrorKind::InvalidData => "the file is not UTF-8 text".into(),
        io::ErrorKind::IsADirectory => "it is a directory".into(),
        io::ErrorKind::StorageFull => "no space left on the device".into(),
        io::ErrorKind::ReadOnlyFilesystem => "the file system is read-only".into(),
        _ => {
            let text = e.to_string();
            // "Broken pipe (os error 32)" reads better without the number.
            match text.find(" (os error") {
                Some(i) => text[..i].to_string(),
                None => text,
            }
        }
    }
}

/// Why a file was not written. The file is as it was.
#[derive(Debug)]
#[non_exhaustive]
pub enum WriteError {
    /// The operating system said no.
    Io(io::Error),
    /// The file is read-only.
    ReadOnly,
    /// The file changed after boardcheck read it (another program, or another boardcheck).
    Changed,
    /// The path is a link to a file that does not exist.
    DanglingLink(PathBuf),
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Io(e) => f.write_str(&io_reason(e)),
            Self::ReadOnly => f.write_str(
                "the file is read-only; make it writable first if it should be changed",
            ),
            Self::Changed => f.write_str(
                "the file changed after boardcheck read it; run the command again on the file as it is now",
            ),
            Self::DanglingLink(to) => write!(
                f,
                "it is a link to {}, which does not exist",
                to.display()
            ),
        }
    }
}

impl From<io::Error> for WriteError {
    fn from(e: io::Error) -> Self {
        Self::Io(e)
    }
}

/// Where a write to `path` lands: through any links to the file they point at.
fn target_of(path: &Path) -> Result<PathBuf, WriteError> {
    match std::fs::canonicalize(path) {
        Ok(p) => Ok(p),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            if let Ok(to) = std::fs::read_link(path) {
                return Err(WriteError::DanglingLink(to));
            }
            Ok(path.to_path_buf())
        }
        Err(e) => Err(e.into()),
    }
}

/// Whether `a` and `b` are the same file (through links), when both exist.
#[must_use]
pub fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Replaces the file at `path` with `bytes`, atomically, or creates it.
///
/// - Through a link, the file the link points at is written; the link stays a link.
/// - A read-only file is refused ([`WriteError::ReadOnly`]); the new file keeps the old
///   one's permissions.
/// - With `expected` (the bytes the caller read), the file is locked and compared just
///   before the rename: if anything else changed it since, nothing is written
///   ([`WriteError::Changed`]). Two boardcheck processes writing one file therefore both
///   apply their change or the second refuses; neither is lost.
/// - Something that is not a regular file (`/dev/stdout`, a pipe) is written in place.
///
/// # Errors
/// Why nothing was written; the file is as it was.
pub fn replace(path: &Path, bytes: &[u8], expected: Option<&[u8]>) -> Result<(), WriteError> {
    let target = target_of(path)?;
    let meta = match std::fs::metadata(&target) {
        Ok(m) => Some(m),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(e.into()),
    };
    if let Some(meta) = &meta {
        if !meta.is_file() {
            let mut f = std::fs::OpenOptions::new().write(true).open(&target)?;
            f.write_all(bytes)?;
            f.flush()?;
            return Ok(());
        }
        if meta.permissions().readonly() || !writable(&target) {
            return Err(WriteError::ReadOnly);
        }
    } else if expected.is_some() {
        return Err(WriteError::Changed);
    }
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    // Hold the file's lock from the comparison to the rename, so that a second writer
    // waits, then sees the new file and that it differs from what it read.
    let _lock = match &meta {
        Some(_) => Some(lock_current(&target, expected)?),
        None => None,
    };
    let name = target
        .file_name()
        .map_or_else(|| "file".into(), |n| n.to_string_lossy().into_owned());
    let write = |unnamed: bool| -> io::Result<()> {
        let mut tmp = temporary::Temp::new(&dir, &name, unnamed)?;
        tmp.file().write_all(bytes)?;
        tmp.file().sync_all()?;
        if let Some(meta) = &meta {
            tmp.file().set_permissions(meta.permissions())?;
        }
        tmp.persist(&target)
    };
    // An unnamed file needs /proc to be given a name; without it, a named one will do.
    write(true).or_else(|_| write(false))?;
    Ok(())
}

/// Whether this process may write `path` (for the file's owner, a read-only file is not).
fn writable(path: &Path) -> bool {
    #[cfg(unix)]
    {
        rustix::fs::access(path, rustix::fs::Access::WRITE_OK).is_ok()
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        true
    }
}

/// Locks the file now at `target` and checks that it still holds `expected`.
fn lock_current(target: &Path, expected: Option<&[u8]>) -> Result<std::fs::File, WriteError> {
    for _ in 0..100 {
        let mut file = std::fs::File::open(target)?;
        file.lock()?;
        // Another writer may have renamed a new file into place while this one waited for
        // the old file's lock: the lock must be on the file the path names now.
        if !same_inode(&file, target)? {
            continue;
        }
        if let Some(expected) = expected {
            let mut now = Vec::with_capacity(expected.len());
            file.read_to_end(&mut now)?;
            if now != expected {
                return Err(WriteError::Changed);
            }
        }
        return Ok(file);
    }
    Err(WriteError::Changed)
}

#[cfg(unix)]
fn same_inode(file: &std::fs::File, path: &Path) -> io::Result<bool> {
    use std::os::unix::fs::MetadataExt;
    let (a, b) = (file.metadata()?, std::fs::metadata(path)?);
    Ok(a.dev() == b.dev() && a.ino() == b.ino())
}

/// Elsewhere the file is compared by content alone (the lock still orders the writers).
#[cfg(not(unix))]
#[allow(clippy::unnecessary_wraps)] // the same signature as the Unix version
fn same_inode(_: &std::fs::File, _: &Path) -> io::Result<bool> {
    Ok(true)
}

/// The temporary file a write goes to before it is renamed into place.
mod temporary {
    use std::io;
    use std::path::Path;

    /// On Linux the file has no name until it is complete (`O_TMPFILE`), so a write
    /// killed half-way leaves nothing behind; it is linked under a hidden name just before
    /// the rename. Elsewhere (or where the file system lacks `O_TMPFILE`) it is a hidden
    /// named file from the start, removed if the write fails.
    pub(super) enum Temp {
        #[cfg(target_os = "linux")]
        Unnamed {
            file: std::fs::File,
            dir: std::path::PathBuf,
            name: String,
        },
        Named {
            file: std::fs::File,
            path: tempfile::TempPath,
        },
    }

    impl Temp {
        pub(super) fn new(dir: &Path, name: &str, unnamed: bool) -> io::Result<Self> {
            #[cfg(target_os = "linux")]
            if unnamed {
                use rustix::fs::{Mode, OFlags};
                let flags = OFlags::TMPFILE | OFlags::WRONLY | OFlags::CLOEXEC;
                if let Ok(fd) = rustix::fs::open(dir, flags, Mode::from_raw_mode(0o600)) {
                    return Ok(Self::Unnamed {
                        file: std::fs::File::from(fd),
                        dir: dir.to_path_buf(),
                        name: name.to_string(),
                    });
                }
            }
            let _ = unnamed;
            let named = tempfile::Builder::new()
                .prefix(&format!(".{name}.boardcheck-"))
                .suffix(".tmp")
                .tempfile_in(dir)?;
            let (file, path) = named.into_parts();
            Ok(Self::Named { file, path })
        }

        pub(super) fn file(&mut self) -> &mut std::fs::File {
            match self {
                #[cfg(target_os = "linux")]
                Self::Unnamed { file, .. } => file,
                Self::Named { file, .. } => file,
            }
        }

        pub(super) fn persist(self, target: &Path) -> io::Result<()> {
            match self {
                Self::Named { path, .. } => path.persist(target).map_err(|e| e.error),
                #[cfg(target_os = "linux")]
                Self::Unnamed { file, dir, name } => {
                    use std::os::fd::AsRawFd;
                    let proc = format!("/proc/self/fd/{}", file.as_raw_fd());
                    for n in 0..100u32 {
                        let hidden =
                            dir.join(format!(".{name}.boardcheck-{}-{n}.tmp", std::process::id()));
                        match rustix::fs::linkat(
                            rustix::fs::CWD,
                            proc.as_str(),
                            rustix::fs::CWD,
                            &hidden,
                            rustix::fs::AtFlags::SYMLINK_FOLLOW,
                        ) {
                            Ok(()) => {
                                return std::fs::rename(&hidden, target).inspect_err(|_| {
                                    let _ = std::fs::remove_file(&hidden);
                                });
                            }
                            Err(e) if e == rustix::io::Errno::EXIST => {}
                            Err(e) => return Err(e.into()),
                        }
                    }
                    Err(io::Error::new(
                        io::ErrorKind::AlreadyExists,
                        "no free temporary name",
                    ))
                }
            }
        }
    }
}

/// The board files found under some paths, and what was passed over.
#[derive(Debug, Default)]
pub struct Discovery {
    /// Board files, in the order to check them.
    pub files: Vec<PathBuf>,
    /// Paths passed over, with why: pipes and devices named `*.toml`, folders already
    /// searched (reached again through a link).
    pub skipped: Vec<(PathBuf, String)>,
}

/// Expands paths into board files: files as given, directories searched recursively for
/// `*.toml` (sorted, so output is stable; hidden entries skipped). A path that does not
/// exist is kept, so that checking it reports it. Each folder and file is taken once,
/// however many links lead to it, so a link loop ends; in a folder, anything that is not
/// a regular file (a pipe, a device) is passed over, since reading it could block forever.
#[must_use]
pub fn discover(paths: &[PathBuf]) -> Discovery {
    let mut out = Discovery::default();
    let mut seen = Seen::default();
    for p in paths {
        if p.is_dir() {
            walk(p, &mut out, &mut seen);
        } else {
            if let Ok(c) = std::fs::canonicalize(p) {
                if !seen.insert(c) {
                    continue;
                }
            }
            out.files.push(p.clone());
        }
    }
    out
}

/// The real paths of the files and folders found so far (hashed as bytes, quickly: the
/// paths are the machine's own, not an adversary's).
type Seen = rustc_hash::FxHashSet<PathBuf>;

fn walk(dir: &Path, out: &mut Discovery, seen: &mut Seen) {
    let canonical_dir = std::fs::canonicalize(dir).ok();
    if let Some(c) = &canonical_dir {
        if !seen.insert(c.clone()) {
            out.skipped.push((
                dir.to_path_buf(),
                "a folder already searched (reached again through a link)".into(),
            ));
            return;
        }
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        out.files.push(dir.to_path_buf());
        return;
    };
    // Each entry with its kind as the folder listing gives it (no further system call on
    // most systems): only links, and entries of unknown kind, are looked up.
    // Sorted by name: in one folder, the same order as by whole path, for less work.
    let mut entries: Vec<(std::ffi::OsString, Option<std::fs::FileType>)> = entries
        .filter_map(|e| e.ok().map(|e| (e.file_name(), e.file_type().ok())))
        .filter(|(name, _)| !name.as_encoded_bytes().starts_with(b"."))
        .collect();
    entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    for (name, kind) in entries {
        let path = dir.join(&name);
        let plain = kind.filter(|k| !k.is_symlink());
        if plain.map_or_else(|| path.is_dir(), |k| k.is_dir()) {
            walk(&path, out, seen);
            continue;
        }
        if path.extension().is_none_or(|e| e != "toml") {
            continue;
        }
        let regular = plain.map_or_else(
            || std::fs::metadata(&path).map_or(true, |m| m.is_file()),
            |k| k.is_file(),
        );
        if !regular {
            out.skipped.push((
                path,
                "not a regular file (a pipe or a device): reading it could wait forever".into(),
            ));
            continue;
        }
        // A plain file's real path is its folder's and its name; a link's is looked up.
        let canonical = match (plain, &canonical_dir) {
            (Some(_), Some(d)) => Some(d.join(&name)),
            _ => std::fs::canonicalize(&path).ok(),
        };
        if let Some(c) = canonical {
            if !seen.insert(c) {
                continue;
            }
        }
        out.files.push(path);
    }
}

/// `path` made absolute (against the current folder) with `.` and `..` taken out, without
/// touching the file system.
#[must_use]
pub fn lexical(path: &Path) -> std::path::PathBuf {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut out = std::path::PathBuf::new();
    for c in absolute.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_in_words_and_back() {
        assert_eq!(parse_size("10MB"), Ok(10_000_000));
        assert_eq!(parse_size("512 kb"), Ok(512_000));
        assert_eq!(parse_size("1MiB"), Ok(1 << 20));
        assert_eq!(parse_size("300"), Ok(300));
        assert!(parse_size("ten").is_err());
        assert!(parse_size("99999999999999GB").is_err());
        assert_eq!(size_words(DEFAULT_MAX_FILE_SIZE), "10 MB");
        assert_eq!(size_words(1500), "1500 bytes");
    }

    #[test]
    fn reads_stop_at_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("b.toml");
        std::fs::write(&path, "x".repeat(101)).unwrap();
        assert!(matches!(
            read_text(&path, 100),
            Err(ReadError::TooLarge { max: 100 })
        ));
        assert_eq!(read_text(&path, 101).unwrap().len(), 101);
        std::fs::write(&path, [0xff, 0xfe]).unwrap();
        assert!(matches!(read_text(&path, 100), Err(ReadError::NotText)));
    }

    #[test]
    fn a_file_changed_since_it_was_read_is_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("b.toml");
        std::fs::write(&path, "seats = 1\n").unwrap();
        let read = std::fs::read(&path).unwrap();
        std::fs::write(&path, "seats = 2\n").unwrap();
        assert!(matches!(
            replace(&path, b"seats = 3\n", Some(&read)),
            Err(WriteError::Changed)
        ));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "seats = 2\n");
        replace(&path, b"seats = 3\n", Some(b"seats = 2\n")).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "seats = 3\n");
        // A file expected but gone is a change too; a new file is created.
        let gone = dir.path().join("gone.toml");
        assert!(matches!(
            replace(&gone, b"x", Some(b"y")),
            Err(WriteError::Changed)
        ));
        replace(&gone, b"x", None).unwrap();
        assert_eq!(std::fs::read(&gone).unwrap(), b"x");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 2, "no temporary file left: {names:?}");
    }

    #[cfg(unix)]
    #[test]
    fn links_are_written_through_and_read_only_files_refused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("real.toml");
        let link = dir.path().join("link.toml");
        std::fs::write(&target, "a").unwrap();
        std::os::unix::fs::symlink(&target, &link).unwrap();
        replace(&link, b"b", Some(b"a")).unwrap();
        assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
        assert_eq!(std::fs::read(&target).unwrap(), b"b");
        std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o444)).unwrap();
        assert!(matches!(
            replace(&link, b"c", None),
            Err(WriteError::ReadOnly)
        ));
        assert_eq!(std::fs::read(&target).unwrap(), b"b");
        let dangling = dir.path().join("dangling.toml");
        std::os::unix::fs::symlink(dir.path().join("nowhere.toml"), &dangling).unwrap();
        assert!(matches!(
            replace(&dangling, b"c", None),
            Err(WriteError::DanglingLink(_))
        ));
    }
}
