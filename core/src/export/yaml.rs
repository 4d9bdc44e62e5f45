//! Just enough YAML to write dbt's files: maps, lists and scalars, with every
//! string written as a double-quoted scalar (JSON string syntax is valid
//! YAML), so no value can break the file's structure.

/// A YAML value.
#[derive(Clone, Debug, PartialEq)]
pub enum Yaml {
    Str(String),
    Int(u64),
    Float(f64),
    List(Vec<Yaml>),
    Map(Vec<(String, Yaml)>),
}

/// A map from `(key, value)` pairs, keys in the given order.
pub fn map(pairs: Vec<(&str, Yaml)>) -> Yaml {
    Yaml::Map(pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
}

/// `text` as a double-quoted YAML scalar.
pub fn quote(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_owned())
}

impl Yaml {
    /// Append this value as a block at `indent` levels (two spaces each).
    pub fn write(&self, out: &mut String, indent: usize) {
        let pad = "  ".repeat(indent);
        match self {
            Yaml::List(items) => {
                for item in items {
                    match item {
                        Yaml::Map(pairs) if !pairs.is_empty() => {
                            for (i, (key, value)) in pairs.iter().enumerate() {
                                let lead = if i == 0 {
                                    format!("{pad}- ")
                                } else {
                                    format!("{pad}  ")
                                };
                                write_pair(out, &lead, key, value, indent + 1);
                            }
                        }
                        other => {
                            out.push_str(&format!("{pad}- {}\n", other.inline()));
                        }
                    }
                }
            }
            Yaml::Map(pairs) => {
                for (key, value) in pairs {
                    write_pair(out, &pad, key, value, indent);
                }
            }
            scalar => {
                out.push_str(&pad);
                out.push_str(&scalar.inline());
                out.push('\n');
            }
        }
    }

    /// The value on one line (flow style for collections).
    fn inline(&self) -> String {
        match self {
            Yaml::Str(s) => quote(s),
            Yaml::Int(n) => n.to_string(),
            Yaml::Float(x) if x.is_finite() => format!("{x:?}"),
            Yaml::Float(_) => ".nan".to_owned(),
            Yaml::List(items) => {
                let inner: Vec<String> = items.iter().map(Yaml::inline).collect();
                format!("[{}]", inner.join(", "))
            }
            Yaml::Map(pairs) => {
                let inner: Vec<String> = pairs
                    .iter()
                    .map(|(k, v)| format!("{}: {}", quote(k), v.inline()))
                    .collect();
                format!("{{{}}}", inner.join(", "))
            }
        }
    }

    fn is_scalar_or_empty(&self) -> bool {
        match self {
            Yaml::List(items) => items.is_empty() || items.iter().all(Yaml::is_plain_scalar),
            Yaml::Map(pairs) => pairs.is_empty(),
            _ => true,
        }
    }

    fn is_plain_scalar(&self) -> bool {
        matches!(self, Yaml::Str(_) | Yaml::Int(_) | Yaml::Float(_))
    }
}

fn write_pair(out: &mut String, lead: &str, key: &str, value: &Yaml, indent: usize) {
    if value.is_scalar_or_empty() {
        out.push_str(&format!("{lead}{key}: {}\n", value.inline()));
    } else {
        out.push_str(&format!("{lead}{key}:\n"));
        value.write(out, indent + 1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_dbt_style_blocks() {
        let value = Yaml::List(vec![map(vec![
            ("name", Yaml::Str("orders".into())),
            ("description", Yaml::Str("Say \"hi\": ok\nnext".into())),
            (
                "columns",
                Yaml::List(vec![map(vec![
                    ("name", Yaml::Str("id".into())),
                    (
                        "data_tests",
                        Yaml::List(vec![
                            Yaml::Str("unique".into()),
                            map(vec![(
                                "accepted_values",
                                map(vec![("values", Yaml::List(vec![Yaml::Str("a".into())]))]),
                            )]),
                        ]),
                    ),
                ])]),
            ),
        ])]);
        let mut out = String::new();
        value.write(&mut out, 1);
        insta::assert_snapshot!(out);
    }
}
