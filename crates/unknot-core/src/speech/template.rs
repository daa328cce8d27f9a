//! Phrase templates: text with `{step}`, `{side}`, `{spot}`, `{spots}`, `{remaining}`,
//! `{reps}` and `{next}` filled in. `{{` and `}}` write a brace.

/// Every placeholder a template may use.
pub const PLACEHOLDERS: [&str; 7] = ["step", "side", "spot", "spots", "remaining", "reps", "next"];

/// What fills the placeholders of one phrase; a value not known here is said as nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fill {
    pub step: String,
    pub side: String,
    pub spot: String,
    pub spots: String,
    pub remaining: String,
    pub reps: String,
    pub next: String,
}

impl Fill {
    fn get(&self, name: &str) -> &str {
        match name {
            "step" => &self.step,
            "side" => &self.side,
            "spot" => &self.spot,
            "spots" => &self.spots,
            "remaining" => &self.remaining,
            "reps" => &self.reps,
            "next" => &self.next,
            _ => "",
        }
    }
}

/// A mistake in a template: where (a byte range within the template) and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateError {
    pub span: std::ops::Range<usize>,
    pub message: String,
    pub suggestion: Option<String>,
}

/// One piece of a template.
enum Piece<'t> {
    Text(&'t str),
    Placeholder(&'t str, std::ops::Range<usize>),
}

fn pieces(template: &str) -> Result<Vec<Piece<'_>>, TemplateError> {
    let mut out = Vec::new();
    let mut rest_start = 0;
    let mut i = 0;
    let bytes = template.as_bytes();
    while i < bytes.len() {
        match bytes[i] {
            b'{' if bytes.get(i + 1) == Some(&b'{') => {
                out.push(Piece::Text(&template[rest_start..=i]));
                i += 2;
                rest_start = i;
            }
            b'}' if bytes.get(i + 1) == Some(&b'}') => {
                out.push(Piece::Text(&template[rest_start..=i]));
                i += 2;
                rest_start = i;
            }
            b'{' => {
                out.push(Piece::Text(&template[rest_start..i]));
                let Some(close) = template[i..].find('}').map(|c| i + c) else {
                    return Err(TemplateError {
                        span: i..template.len(),
                        message: "this `{` opens a placeholder that is never closed; write `}` after its name, or `{{` for a brace".into(),
                        suggestion: None,
                    });
                };
                out.push(Piece::Placeholder(&template[i + 1..close], i..close + 1));
                i = close + 1;
                rest_start = i;
            }
            b'}' => {
                return Err(TemplateError {
                    span: i..i + 1,
                    message: "this `}` closes no placeholder; write `}}` for a brace".into(),
                    suggestion: None,
                });
            }
            _ => i += 1,
        }
    }
    out.push(Piece::Text(&template[rest_start..]));
    Ok(out)
}

/// Checks a template: every placeholder is one of [`PLACEHOLDERS`], every brace is paired.
pub fn check(template: &str) -> Result<(), TemplateError> {
    for piece in pieces(template)? {
        if let Piece::Placeholder(name, span) = piece
            && !PLACEHOLDERS.contains(&name)
        {
            let listed: Vec<String> = PLACEHOLDERS.iter().map(|p| format!("{{{p}}}")).collect();
            return Err(TemplateError {
                span,
                message: format!(
                    "unknown placeholder `{{{}}}`; the placeholders are {}",
                    name.escape_default(),
                    listed.join(", ")
                ),
                suggestion: crate::routine::did_you_mean(name, PLACEHOLDERS)
                    .map(|p| format!("did you mean `{{{p}}}`?")),
            });
        }
    }
    Ok(())
}

/// The template with its placeholders filled in. A template that does not check (never the
/// case after parsing) is said as written.
pub fn render(template: &str, fill: &Fill) -> String {
    let Ok(pieces) = pieces(template) else {
        return template.to_string();
    };
    let mut said = String::new();
    for piece in pieces {
        match piece {
            Piece::Text(text) => said.push_str(text),
            Piece::Placeholder(name, _) => said.push_str(fill.get(name)),
        }
    }
    // A placeholder with nothing to say leaves no double spaces behind.
    said.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn fill() -> Fill {
        Fill {
            step: "Wade".into(),
            side: "links".into(),
            spot: "2".into(),
            spots: "3".into(),
            ..Fill::default()
        }
    }

    #[test]
    fn placeholders_are_filled_and_braces_escaped() {
        assert_eq!(
            render("{step}: {side}, Punkt {spot} von {spots}", &fill()),
            "Wade: links, Punkt 2 von 3"
        );
        assert_eq!(render("{{step}} {step}", &fill()), "{step} Wade");
        assert_eq!(render("weiter {next} jetzt", &fill()), "weiter jetzt");
        assert_eq!(render("", &fill()), "");
    }

    #[test]
    fn unknown_placeholders_and_stray_braces_are_found_with_their_place() {
        let error = check("Seite {seite}").unwrap_err();
        assert_eq!(error.span, 6..13);
        assert_eq!(error.suggestion.as_deref(), Some("did you mean `{side}`?"));
        let error = check("{stpe} jetzt").unwrap_err();
        assert_eq!(error.suggestion.as_deref(), Some("did you mean `{step}`?"));
        assert_eq!(check("open {step").unwrap_err().span, 5..10);
        assert_eq!(check("close }").unwrap_err().span, 6..7);
        assert!(check("{step} {{ok}}").is_ok());
    }
}
