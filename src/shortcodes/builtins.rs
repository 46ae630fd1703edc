//! The built-in shortcodes: their arguments and types, what form they take.
//! What they show is `render::shortcodes`.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ty {
    Str,
    Int,
}

impl Ty {
    pub fn name(self) -> &'static str {
        match self {
            Ty::Str => "a string in double quotes",
            Ty::Int => "a whole number",
        }
    }
}

pub struct Param {
    pub name: &'static str,
    pub ty: Ty,
    pub required: bool,
}

pub struct Builtin {
    pub name: &'static str,
    pub params: &'static [Param],
    /// Written `{% name() %} … {% end %}` (else `{{ name() }}`).
    pub body: bool,
    /// Shows a block (a table, a card): on lines of its own.
    pub block: bool,
}

const fn p(name: &'static str, ty: Ty, required: bool) -> Param {
    Param { name, ty, required }
}

pub const BUILTINS: &[Builtin] = &[
    Builtin {
        name: "standings",
        params: &[
            p("cluster", Ty::Str, true),
            p("year", Ty::Int, true),
            p("top", Ty::Int, false),
        ],
        body: false,
        block: true,
    },
    Builtin {
        name: "unit",
        params: &[p("id", Ty::Str, true)],
        body: false,
        block: true,
    },
    Builtin {
        name: "chart",
        params: &[p("unit", Ty::Str, true)],
        body: false,
        block: true,
    },
    Builtin {
        name: "document",
        params: &[p("number", Ty::Str, true), p("year", Ty::Int, false)],
        body: false,
        block: true,
    },
    Builtin {
        name: "figure",
        params: &[
            p("src", Ty::Str, true),
            p("caption", Ty::Str, false),
            p("alt", Ty::Str, false),
        ],
        body: false,
        block: false,
    },
    Builtin {
        name: "note",
        params: &[],
        body: true,
        block: true,
    },
];

pub fn get(name: &str) -> Option<&'static Builtin> {
    BUILTINS.iter().find(|b| b.name == name)
}
