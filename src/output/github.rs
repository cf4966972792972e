//! GitHub Actions: one workflow command per diagnostic, so problems show as annotations on the
//! pull request's files: `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=CODE name::message`.

use super::primary;
use crate::check::Outcome;
use goal_compiler::Severity;
use std::io::Write;

/// Writes one workflow command per diagnostic.
pub fn write(outcome: &Outcome, out: &mut impl Write) -> std::io::Result<()> {
    for d in &outcome.diagnostics {
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let title = property(&format!("{} {}", d.rule.code(), d.rule.name()));
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        match primary(d, outcome.sources) {
            Some((file, start, end)) => writeln!(
                out,
                "::{command} file={},line={},col={},endLine={},endColumn={},title={title}::{}",
                property(file),
                start.line,
                start.column,
                end.line,
                end.column,
                data(&message)
            )?,
            None => writeln!(out, "::{command} title={title}::{}", data(&message))?,
        }
    }
    Ok(())
}

/// Escapes a command's message, as the workflow command syntax requires.
fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a command property value (also `:` and `,`).
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(data("50%\nnext"), "50%25%0Anext");
        assert_eq!(property("a:b,c"), "a%3Ab%2Cc");
    }
}
