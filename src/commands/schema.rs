//! `unknot schema`: the JSON Schema of the routine format, for editors.

use crate::exit::Exit;
use crate::output::Output;
use crate::routine_schema;

pub fn run(out: &mut Output) -> Exit {
    match serde_json::to_string_pretty(&routine_schema::schema()) {
        Ok(text) => {
            writeln!(out, "{text}");
            Exit::Success
        }
        Err(error) => {
            eprintln!("unknot: could not write the schema: {error}");
            Exit::Invalid
        }
    }
}
