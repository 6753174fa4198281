//! Byte spans into a named source file, so every finding can point at a line.

use std::fmt;
use std::ops::Range;
use std::sync::Arc;

/// A file that findings can point into: a board, or a rule pack (built-in or on disk).
#[derive(Debug, PartialEq, Eq)]
pub struct SourceFile {
    /// The name shown in diagnostics: a path, or `<built-in>/rotherham/resp-2018.toml`.
    pub name: String,
    /// The full text of the file.
    pub text: String,
    /// The path it was read from, byte for byte (a name need not be UTF-8), if any.
    pub path: Option<std::path::PathBuf>,
    /// Where each line starts, found the first time a location is asked for.
    line_starts: std::sync::OnceLock<Vec<usize>>,
}

impl SourceFile {
    /// A shared source file.
    #[must_use]
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Arc<Self> {
        Arc::new(Self {
            name: name.into(),
            text: text.into(),
            path: None,
            line_starts: std::sync::OnceLock::new(),
        })
    }

    /// A shared source file read from `path`, named by it.
    #[must_use]
    pub fn from_path(path: &std::path::Path, text: impl Into<String>) -> Arc<Self> {
        Arc::new(Self {
            name: path.display().to_string(),
            text: text.into(),
            path: Some(path.to_path_buf()),
            line_starts: std::sync::OnceLock::new(),
        })
    }

    /// The file's name as bytes: the path exactly as the operating system gave it where
    /// there is one (on Unix), else the name.
    #[must_use]
    pub fn name_bytes(&self) -> Vec<u8> {
        #[cfg(unix)]
        if let Some(p) = &self.path {
            use std::os::unix::ffi::OsStrExt;
            return p.as_os_str().as_bytes().to_vec();
        }
        self.name.as_bytes().to_vec()
    }

    /// The byte offset where each line starts (the first is 0), computed once.
    #[must_use]
    pub fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(memchr::memchr_iter(b'\n', self.text.as_bytes()).map(|i| i + 1))
                .collect()
        })
    }

    /// The zero-based line a byte offset is on (offsets past the end are on the last line).
    #[must_use]
    pub fn line_index(&self, offset: usize) -> usize {
        self.line_starts().partition_point(|&s| s <= offset).max(1) - 1
    }

    /// The one-based line and column of a byte offset. The file is scanned for line
    /// starts once; each location is then a binary search, so a finding with thousands
    /// of labels costs no more than its labels.
    #[must_use]
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let starts = self.line_starts();
        let line = self.line_index(offset) + 1;
        let line_start = starts[line - 1];
        let col = self.text[line_start..offset].chars().count() + 1;
        (line, col)
    }
}

/// A byte range in one source file.
#[derive(Clone, PartialEq, Eq)]
pub struct Span {
    /// The file the range is in.
    pub file: Arc<SourceFile>,
    /// Byte offsets into the file's text.
    pub range: Range<usize>,
}

impl Span {
    /// A span in `file`.
    #[must_use]
    pub fn new(file: &Arc<SourceFile>, range: Range<usize>) -> Self {
        Self {
            file: Arc::clone(file),
            range,
        }
    }
}

impl fmt::Debug for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}@{:?}", self.file.name, self.range)
    }
}

/// A value with the span it was written at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Where it was written.
    pub span: Span,
}

impl<T> Spanned<T> {
    /// Wraps a `toml::Spanned` value, placing it in `file`.
    pub fn from_toml(file: &Arc<SourceFile>, v: toml::Spanned<T>) -> Self {
        let range = v.span();
        Self {
            value: v.into_inner(),
            span: Span::new(file, range),
        }
    }

    /// Wraps each of a list of `toml::Spanned` values (tags, names), placing them in `file`.
    pub fn all_from_toml(
        file: &Arc<SourceFile>,
        values: impl IntoIterator<Item = toml::Spanned<T>>,
    ) -> Vec<Self> {
        values
            .into_iter()
            .map(|v| Self::from_toml(file, v))
            .collect()
    }
}
