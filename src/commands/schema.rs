//! `unknot schema`: the JSON Schema of the routine format, for editors.

use crate::commands::plan::print_stdout;
use crate::exit::Exit;
use crate::routine_schema;

pub fn run() -> Exit {
    match serde_json::to_string_pretty(&routine_schema::schema()) {
        Ok(text) => print_stdout(&format!("{text}\n")),
        Err(error) => {
            eprintln!("unknot: could not write the schema: {error}");
            Exit::Invalid
        }
    }
}
