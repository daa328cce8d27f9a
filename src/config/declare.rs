//! The macro that turns the table of settings ([`super::settings`]) into everything made of
//! it: the [`Config`](super::Config) struct and its defaults, the [`Key`](super::Key) of each
//! setting with its name, group, starter-file lines and example, and the reading, printing and
//! correcting of each value by its [`Kind`](super::values::Kind).

/// Declares the settings, each once:
///
/// ```text
/// /// The lines about it in the starter file (each shown after a `#`).
/// Key: field: Type = default, Kind, Group[, for example value];
/// ```
///
/// `Kind` reads and prints values of `Type`; the example, printed by the same kind, is what
/// the starter file shows when the default (which it shows otherwise) says nothing.
macro_rules! settings {
    (@example , $default:expr) => { $default };
    (@example $example:expr, $default:expr) => { $example };
    ($(
        $(#[doc = $doc:literal])+
        $key:ident: $field:ident: $ty:ty = $default:expr, $kind:expr, $group:ident
            $(, for example $example:expr)?;
    )+) => {
        /// The effective settings.
        #[derive(Debug, Clone, PartialEq)]
        pub struct Config {
            $(
                $(#[doc = $doc])+
                pub $field: $ty,
            )+
            /// Programs run as a session goes (`[hooks]`).
            pub hooks: crate::hooks::Hooks,
            /// The settings that the file set; every other one is a default.
            pub from_file: std::collections::BTreeSet<Key>,
        }

        impl Default for Config {
            fn default() -> Config {
                Config {
                    $($field: $default,)+
                    hooks: crate::hooks::Hooks::default(),
                    from_file: std::collections::BTreeSet::new(),
                }
            }
        }

        /// The name of each setting in the file.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Key {
            $($key,)+
        }

        impl Key {
            /// Every setting, in the order `unknot config` lists them.
            pub const ALL: [Key; [$(Key::$key),+].len()] = [$(Key::$key),+];

            /// Its name in the file.
            pub fn name(self) -> &'static str {
                match self {
                    $(Key::$key => stringify!($field),)+
                }
            }

            /// The setting of this name in the file.
            pub fn from_name(name: &str) -> Option<Key> {
                Key::ALL.into_iter().find(|key| key.name() == name)
            }

            /// Which group of the starter file it is in.
            pub fn group(self) -> Group {
                match self {
                    $(Key::$key => Group::$group,)+
                }
            }

            /// The lines about it in the starter file, each shown after a `#`.
            pub fn doc(self) -> &'static [&'static str] {
                match self {
                    $(Key::$key => &[$($doc),+],)+
                }
            }

            /// The value the starter file shows, commented out: the default, or an example
            /// where the default is to leave it out.
            pub fn example(self) -> String {
                match self {
                    $(Key::$key => {
                        let value: $ty = settings!(@example $($example)?, $default);
                        $kind.show(&value)
                    })+
                }
            }
        }

        impl Config {
            /// A setting's effective value, as `unknot config` shows it.
            pub fn display_value(&self, key: Key) -> String {
                match key {
                    $(Key::$key => $kind.show(&self.$field),)+
                }
            }

            /// Sets `key` to the file's `value` (described as `found`), or says what was
            /// expected instead.
            pub(super) fn read(
                &mut self,
                key: Key,
                value: &toml::de::DeValue<'_>,
                found: &str,
            ) -> Result<(), String> {
                match key {
                    $(Key::$key => self.$field = $kind.read(stringify!($field), value, found)?,)+
                }
                Ok(())
            }
        }

        impl Key {
            /// A corrected spelling for a wrong value of this setting, close to a valid one.
            pub(super) fn correction(self, value: &toml::de::DeValue<'_>) -> Option<String> {
                match self {
                    $(Key::$key => $kind.correction(value),)+
                }
            }
        }
    };
}

pub(super) use settings;
