//! Where things are written in a bot file: the line of a table or key, found by its path
//! (`["groups", "@TGS#demo", "disabled"]`, `["bots", "1", "name"]`), so that `timbot check`
//! can point at the line of each problem.

use toml_edit::{ImDocument, Item, Table, TableLike};

/// The lines of a bot file's tables and keys.
#[derive(Debug)]
pub struct Locator {
    text: String,
    doc: Option<ImDocument<String>>,
}

impl Locator {
    /// Index `text` (a file that does not parse locates nothing: every line is 0).
    pub fn new(text: &str) -> Locator {
        Locator {
            text: text.to_owned(),
            doc: ImDocument::parse(text.to_owned()).ok(),
        }
    }

    /// The 1-based line of the table or key at `path`; when the path is only partly written,
    /// the line of its deepest written part; 0 when none of it is.
    pub fn line<S: AsRef<str>>(&self, path: &[S]) -> usize {
        self.walk(path).map_or(0, |(line, _)| line)
    }

    /// Whether the whole of `path` is written in the file.
    pub fn exists<S: AsRef<str>>(&self, path: &[S]) -> bool {
        matches!(self.walk(path), Some((_, Some(_))))
    }

    /// The line of the key under `path` that `message` names (a whole word, e.g. the
    /// `sdk_app_id` of "sdk_app_id must be …" or of "unknown field `sdk_app_id`"), or of `path`
    /// itself when the message names none of its keys.
    pub fn line_for<S: AsRef<str>>(&self, path: &[S], message: &str) -> usize {
        let Some((line, item)) = self.walk(path) else {
            return 0;
        };
        let Some(table) = item.as_ref().and_then(Node::table_like) else {
            return line;
        };
        table
            .iter()
            .filter_map(|(key, _)| first_word_at(message, key).map(|at| (at, key)))
            .min()
            .map_or(line, |(_, key)| {
                let mut deeper: Vec<&str> = path.iter().map(AsRef::as_ref).collect();
                deeper.push(key);
                self.line(&deeper)
            })
    }

    /// Follow `path` as far as it is written: the deepest line found, and the node at the
    /// end when the whole path exists.
    fn walk<S: AsRef<str>>(&self, path: &[S]) -> Option<(usize, Option<Node<'_>>)> {
        let doc = self.doc.as_ref()?;
        let mut node = Node::Item(doc.as_item());
        let mut line = None;
        for step in path {
            let step = step.as_ref();
            let next = match node {
                Node::Item(Item::ArrayOfTables(tables)) => step
                    .parse::<usize>()
                    .ok()
                    .and_then(|i| tables.get(i))
                    .map(|table| (Node::Table(table), table.span())),
                _ => node
                    .table_like()
                    .and_then(|table| table.get_key_value(step))
                    .map(|(key, child)| (Node::Item(child), child_span(key, child))),
            };
            let Some((child, span)) = next else {
                return line.map(|l| (l, None));
            };
            if let Some(span) = span {
                line = Some(self.line_at(span.start));
            }
            node = child;
        }
        line.map(|l| (l, Some(node)))
    }

    fn line_at(&self, offset: usize) -> usize {
        self.text
            .get(..offset)
            .map_or(0, |head| head.matches('\n').count() + 1)
    }
}

/// A place in the document: an item, or one table of an array of tables.
#[derive(Clone, Copy)]
enum Node<'a> {
    Item(&'a Item),
    Table(&'a Table),
}

impl<'a> Node<'a> {
    fn table_like(&self) -> Option<&'a dyn TableLike> {
        match *self {
            Node::Item(item) => item.as_table_like(),
            Node::Table(table) => Some(table),
        }
    }
}

/// Where a key's entry is: a table's header, else the key itself.
fn child_span(key: &toml_edit::Key, child: &Item) -> Option<std::ops::Range<usize>> {
    match child {
        Item::Table(table) => table.span().or_else(|| key.span()),
        _ => key.span().or_else(|| child.span()),
    }
}

/// Where `word` first occurs in `text` as a whole word (not inside a longer name).
fn first_word_at(text: &str, word: &str) -> Option<usize> {
    let is_name = |c: char| c.is_alphanumeric() || c == '_' || c == '-';
    text.match_indices(word).map(|(at, _)| at).find(|&at| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        !before.is_some_and(is_name) && !after.is_some_and(is_name)
    })
}
