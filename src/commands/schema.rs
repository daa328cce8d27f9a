//! `unknot schema`: the JSON Schema of the routine format, for editors.

use crate::commands::failure::Failure;
use crate::output::Output;
use crate::routine_schema;

pub fn run(out: &mut Output) -> Result<(), Failure> {
    match serde_json::to_string_pretty(&routine_schema::schema()) {
        Ok(text) => {
            writeln!(out, "{text}");
            Ok(())
        }
        Err(error) => Err(Failure::Invalid(format!(
            "could not write the schema: {error}"
        ))),
    }
}
