//! The shape of sqlparser's expression tree, walked without recursion.
//!
//! [`children`] lists what an [`Expr`] holds directly: sub-expressions and
//! subqueries, in the order sqlparser's derived visitor would meet them,
//! each with the [`Role`] it plays. Every variant is matched by name, so a
//! new sqlparser variant fails to compile here instead of silently losing
//! lineage. The walk in `walk.rs` and the helpers below drive it with an
//! explicit stack, so an expression costs heap, not call stack, however
//! deep it is (`a OR b OR …` parses left-deep, one level per operator).

use std::fmt::Write;

use sqlparser::ast::{
    AccessExpr, Expr, Function, FunctionArg, FunctionArgExpr, FunctionArgumentClause,
    FunctionArguments, JsonPathElem, ListAggOnOverflow, ObjectName, ObjectNamePart, OrderByExpr,
    Query, Subscript, WindowFrameBound, WindowSpec, WindowType,
};

/// What a child's columns are to the expression holding it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    /// Its values flow into the expression.
    Value,
    /// It only decides which rows count or how they are ordered: an
    /// aggregate's `FILTER (WHERE …)`, a window's `PARTITION BY` and
    /// `ORDER BY`, the subquery of `EXISTS` and `IN`.
    Influence,
    /// A name, not a column reference: the date part in `DATEADD(day, …)`,
    /// the field in `a[1].field`, a named argument's name.
    Name,
}

/// A child of an expression.
#[derive(Debug, Clone, Copy)]
pub(super) enum Child<'a> {
    Expr(&'a Expr, Role),
    Query(&'a Query, Role),
}

/// Functions whose bare-word arguments may be date parts (`DATEADD(day, …)`).
/// Sorted (a test checks), for binary search.
pub(super) const DATE_PART_FUNCTIONS: &[&str] = &[
    "date_part",
    "date_trunc",
    "dateadd",
    "datediff",
    "last_day",
    "time_slice",
    "timeadd",
    "timediff",
    "timestamp_trunc",
    "timestampadd",
    "timestampdiff",
    "trunc",
];

/// Ordered-set aggregates whose `WITHIN GROUP (ORDER BY x)` is the value
/// they compute from (`percentile_cont(0.5) within group (order by x)`);
/// for every other function that ordering only orders (`listagg`).
/// Sorted (a test checks), for binary search.
pub(super) const ORDERED_SET_FUNCTIONS: &[&str] = &["mode", "percentile_cont", "percentile_disc"];

/// Aggregates whose second argument only picks the row whose first
/// argument is returned (`arg_max(status, ordered_at)`).
/// Sorted (a test checks), for binary search.
pub(super) const ARG_BY_FUNCTIONS: &[&str] = &[
    "arg_max",
    "arg_max_null",
    "arg_min",
    "arg_min_null",
    "argmax",
    "argmin",
    "max_by",
    "min_by",
];

/// Sorted (a test checks), for binary search.
pub(super) const DATE_PARTS: &[&str] = &[
    "century",
    "d",
    "day",
    "dayofweek",
    "dayofyear",
    "days",
    "dd",
    "decade",
    "dow",
    "doy",
    "epoch",
    "h",
    "hh",
    "hour",
    "hours",
    "isodow",
    "microsecond",
    "microseconds",
    "millennium",
    "millisecond",
    "milliseconds",
    "min",
    "minute",
    "minutes",
    "mm",
    "mon",
    "month",
    "months",
    "ms",
    "nanosecond",
    "ns",
    "q",
    "qtr",
    "quarter",
    "quarters",
    "s",
    "sec",
    "second",
    "seconds",
    "us",
    "w",
    "week",
    "weekday",
    "weeks",
    "wk",
    "y",
    "year",
    "years",
    "yy",
    "yyyy",
];

/// The last part of a function's name, lowercased (`"sum"` for `SYS.SUM`).
pub(super) fn function_name(f: &Function) -> String {
    f.name
        .0
        .last()
        .and_then(|p| p.as_ident())
        .map(|i| i.value.to_ascii_lowercase())
        .unwrap_or_default()
}

/// Whether the sorted, lowercase `list` holds `name`, compared without
/// regard to ASCII case (and without allocating).
fn holds(list: &[&str], name: &str) -> bool {
    list.binary_search_by(|probe| {
        probe
            .bytes()
            .cmp(name.bytes().map(|b| b.to_ascii_lowercase()))
    })
    .is_ok()
}

/// Whether the last part of `name` is in `list` (see [`holds`]).
pub(super) fn last_name_in(name: &ObjectName, list: &[&str]) -> bool {
    name.0
        .last()
        .and_then(|p| p.as_ident())
        .is_some_and(|i| holds(list, &i.value))
}

fn is_date_part(e: &Expr) -> bool {
    match e {
        Expr::Identifier(i) => holds(DATE_PARTS, &i.value),
        _ => false,
    }
}

/// Appends the children of `e` to `out`, in visiting order.
pub(super) fn children<'a>(e: &'a Expr, out: &mut Vec<Child<'a>>) {
    let mut value = |e: &'a Expr| out.push(Child::Expr(e, Role::Value));
    match e {
        Expr::Identifier(_)
        | Expr::CompoundIdentifier(_)
        | Expr::Value(_)
        | Expr::TypedString(_)
        | Expr::Wildcard(_) => {}
        Expr::QualifiedWildcard(name, _) => object_name(name, out),
        Expr::CompoundFieldAccess { root, access_chain } => {
            out.push(Child::Expr(root, Role::Value));
            for access in access_chain {
                match access {
                    // `a[1].field`: the field is a name, not a column.
                    AccessExpr::Dot(e @ (Expr::Identifier(_) | Expr::CompoundIdentifier(_))) => {
                        out.push(Child::Expr(e, Role::Name));
                    }
                    AccessExpr::Dot(e) => out.push(Child::Expr(e, Role::Value)),
                    AccessExpr::Subscript(s) => subscript(s, out),
                }
            }
        }
        Expr::JsonAccess { value: v, path } => {
            value(v);
            for elem in &path.path {
                match elem {
                    JsonPathElem::Dot { .. } => {}
                    JsonPathElem::Bracket { key } | JsonPathElem::ColonBracket { key } => {
                        value(key);
                    }
                }
            }
        }
        Expr::IsFalse(e)
        | Expr::IsNotFalse(e)
        | Expr::IsTrue(e)
        | Expr::IsNotTrue(e)
        | Expr::IsNull(e)
        | Expr::IsNotNull(e)
        | Expr::IsUnknown(e)
        | Expr::IsNotUnknown(e)
        | Expr::IsJson { expr: e, .. }
        | Expr::IsNormalized { expr: e, .. }
        | Expr::UnaryOp { expr: e, .. }
        | Expr::Cast { expr: e, .. }
        | Expr::Extract { expr: e, .. }
        | Expr::Ceil { expr: e, .. }
        | Expr::Floor { expr: e, .. }
        | Expr::Nested(e)
        | Expr::Prefixed { value: e, .. }
        | Expr::Named { expr: e, .. }
        | Expr::OuterJoin(e)
        | Expr::Prior(e) => value(e),
        Expr::IsDistinctFrom(a, b)
        | Expr::IsNotDistinctFrom(a, b)
        | Expr::InUnnest {
            expr: a,
            array_expr: b,
            ..
        }
        | Expr::BinaryOp {
            left: a, right: b, ..
        }
        | Expr::RLike {
            expr: a,
            pattern: b,
            ..
        }
        | Expr::AnyOp {
            left: a, right: b, ..
        }
        | Expr::AllOp {
            left: a, right: b, ..
        }
        | Expr::AtTimeZone {
            timestamp: a,
            time_zone: b,
        }
        | Expr::Position { expr: a, r#in: b } => {
            value(a);
            value(b);
        }
        Expr::InList { expr, list, .. } => {
            value(expr);
            list.iter().for_each(value);
        }
        Expr::InSubquery { expr, subquery, .. } => {
            value(expr);
            out.push(Child::Query(subquery, Role::Influence));
        }
        Expr::Between {
            expr, low, high, ..
        } => {
            value(expr);
            value(low);
            value(high);
        }
        Expr::Like {
            expr,
            pattern,
            escape_char,
            ..
        }
        | Expr::ILike {
            expr,
            pattern,
            escape_char,
            ..
        }
        | Expr::SimilarTo {
            expr,
            pattern,
            escape_char,
            ..
        } => {
            value(expr);
            value(pattern);
            if let Some(e) = escape_char {
                value(e);
            }
        }
        // Data types carry no column references (at most literals), and
        // a charset is a name.
        Expr::Convert {
            expr,
            charset,
            styles,
            ..
        } => {
            value(expr);
            if let Some(name) = charset {
                object_name(name, out);
            }
            for e in styles {
                out.push(Child::Expr(e, Role::Value));
            }
        }
        Expr::Substring {
            expr,
            substring_from,
            substring_for,
            ..
        } => {
            value(expr);
            if let Some(e) = substring_from {
                value(e);
            }
            if let Some(e) = substring_for {
                value(e);
            }
        }
        Expr::Trim {
            trim_what,
            expr,
            trim_characters,
            ..
        } => {
            if let Some(e) = trim_what {
                value(e);
            }
            value(expr);
            if let Some(chars) = trim_characters {
                chars.iter().for_each(value);
            }
        }
        Expr::Overlay {
            expr,
            overlay_what,
            overlay_from,
            overlay_for,
        } => {
            value(expr);
            value(overlay_what);
            value(overlay_from);
            if let Some(e) = overlay_for {
                value(e);
            }
        }
        Expr::Collate { expr, collation } => {
            value(expr);
            object_name(collation, out);
        }
        Expr::Function(f) => function(f, out),
        Expr::Case {
            operand,
            conditions,
            else_result,
            ..
        } => {
            if let Some(e) = operand {
                value(e);
            }
            for when in conditions {
                value(&when.condition);
                value(&when.result);
            }
            if let Some(e) = else_result {
                value(e);
            }
        }
        Expr::Exists { subquery, .. } => out.push(Child::Query(subquery, Role::Influence)),
        Expr::Subquery(q) => out.push(Child::Query(q, Role::Value)),
        Expr::GroupingSets(sets) | Expr::Cube(sets) | Expr::Rollup(sets) => {
            sets.iter().flatten().for_each(value);
        }
        Expr::Tuple(exprs) => exprs.iter().for_each(value),
        // Struct field declarations are types.
        Expr::Struct { values, .. } => values.iter().for_each(value),
        Expr::Dictionary(fields) => fields.iter().for_each(|f| value(&f.value)),
        Expr::Map(map) => {
            for entry in &map.entries {
                value(&entry.key);
                value(&entry.value);
            }
        }
        Expr::Array(array) => array.elem.iter().for_each(value),
        Expr::Interval(interval) => value(&interval.value),
        // MySQL's MATCH (columns) AGAINST: the columns are names.
        Expr::MatchAgainst { columns, .. } => {
            for name in columns {
                object_name(name, out);
            }
        }
        Expr::Lambda(lambda) => value(&lambda.body),
        Expr::MemberOf(m) => {
            value(&m.value);
            value(&m.array);
        }
    }
}

/// A name's parts may be calls (`IDENTIFIER('t')`): their arguments.
fn object_name<'a>(name: &'a ObjectName, out: &mut Vec<Child<'a>>) {
    for part in &name.0 {
        match part {
            ObjectNamePart::Identifier(_) => {}
            ObjectNamePart::Function(f) => function_args(&f.args, false, out),
        }
    }
}

fn subscript<'a>(s: &'a Subscript, out: &mut Vec<Child<'a>>) {
    match s {
        Subscript::Index { index } => out.push(Child::Expr(index, Role::Value)),
        Subscript::Slice {
            lower_bound,
            upper_bound,
            stride,
        } => {
            for e in [lower_bound, upper_bound, stride].into_iter().flatten() {
                out.push(Child::Expr(e, Role::Value));
            }
        }
    }
}

fn function<'a>(f: &'a Function, out: &mut Vec<Child<'a>>) {
    object_name(&f.name, out);
    function_arguments(&f.parameters, false, out);
    let date_parts = match &f.args {
        FunctionArguments::List(_) => last_name_in(&f.name, DATE_PART_FUNCTIONS),
        FunctionArguments::None | FunctionArguments::Subquery(_) => false,
    };
    let first = out.len();
    function_arguments(&f.args, date_parts, out);
    if f.over.is_none()
        && last_name_in(&f.name, ARG_BY_FUNCTIONS)
        && let FunctionArguments::List(list) = &f.args
        && list.args.len() >= 2
    {
        // The ordering argument (the second) only picks the row.
        let mut args = 0;
        for child in out[first..].iter_mut() {
            if let Child::Expr(e, Role::Value) = *child {
                args += 1;
                if args == 2 {
                    *child = Child::Expr(e, Role::Influence);
                    break;
                }
            }
        }
    }
    let within = if last_name_in(&f.name, ORDERED_SET_FUNCTIONS) {
        Role::Value
    } else {
        Role::Influence
    };
    for o in &f.within_group {
        order_by_expr(o, within, out);
    }
    if let Some(filter) = &f.filter {
        out.push(Child::Expr(filter, Role::Influence));
    }
    match &f.over {
        Some(WindowType::WindowSpec(spec)) => window_spec(spec, out),
        Some(WindowType::NamedWindow(_)) | None => {}
    }
}

fn function_arguments<'a>(args: &'a FunctionArguments, date_parts: bool, out: &mut Vec<Child<'a>>) {
    match args {
        FunctionArguments::None => {}
        FunctionArguments::Subquery(q) => out.push(Child::Query(q, Role::Value)),
        FunctionArguments::List(list) => {
            function_args(&list.args, date_parts, out);
            for clause in &list.clauses {
                match clause {
                    FunctionArgumentClause::Where(e)
                    | FunctionArgumentClause::Limit(e)
                    | FunctionArgumentClause::Having(sqlparser::ast::HavingBound(_, e)) => {
                        out.push(Child::Expr(e, Role::Value));
                    }
                    // `string_agg(x, ',' order by y)`: the order only orders.
                    FunctionArgumentClause::OrderBy(order) => {
                        for o in order {
                            order_by_expr(o, Role::Influence, out);
                        }
                    }
                    FunctionArgumentClause::OnOverflow(ListAggOnOverflow::Truncate {
                        filler: Some(e),
                        ..
                    }) => out.push(Child::Expr(e, Role::Value)),
                    FunctionArgumentClause::OnOverflow(_)
                    | FunctionArgumentClause::IgnoreOrRespectNulls(_)
                    | FunctionArgumentClause::Separator(_)
                    | FunctionArgumentClause::JsonNullClause(_)
                    | FunctionArgumentClause::JsonReturningClause(_) => {}
                }
            }
        }
    }
}

/// Arguments; with `date_parts`, a bare date-part word is a name.
fn function_args<'a>(args: &'a [FunctionArg], date_parts: bool, out: &mut Vec<Child<'a>>) {
    for arg in args {
        let arg = match arg {
            FunctionArg::Named { arg, .. } | FunctionArg::Unnamed(arg) => arg,
            FunctionArg::ExprNamed { name, arg, .. } => {
                out.push(Child::Expr(name, Role::Name));
                arg
            }
        };
        match arg {
            FunctionArgExpr::Expr(e) => {
                let role = if date_parts && is_date_part(e) {
                    Role::Name
                } else {
                    Role::Value
                };
                out.push(Child::Expr(e, role));
            }
            FunctionArgExpr::QualifiedWildcard(name) => object_name(name, out),
            FunctionArgExpr::Wildcard => {}
            FunctionArgExpr::WildcardWithOptions(opts) => {
                if let Some(replace) = &opts.opt_replace {
                    for item in &replace.items {
                        out.push(Child::Expr(&item.expr, Role::Value));
                    }
                }
            }
        }
    }
}

fn order_by_expr<'a>(o: &'a OrderByExpr, role: Role, out: &mut Vec<Child<'a>>) {
    out.push(Child::Expr(&o.expr, role));
    if let Some(fill) = &o.with_fill {
        for e in [&fill.from, &fill.to, &fill.step].into_iter().flatten() {
            out.push(Child::Expr(e, Role::Value));
        }
    }
}

/// A window's partitions and orders only influence; frame offsets are
/// values (literals in practice).
fn window_spec<'a>(spec: &'a WindowSpec, out: &mut Vec<Child<'a>>) {
    for e in &spec.partition_by {
        out.push(Child::Expr(e, Role::Influence));
    }
    for o in &spec.order_by {
        order_by_expr(o, Role::Influence, out);
    }
    if let Some(frame) = &spec.window_frame {
        for bound in std::iter::once(&frame.start_bound).chain(&frame.end_bound) {
            match bound {
                WindowFrameBound::Preceding(Some(e)) | WindowFrameBound::Following(Some(e)) => {
                    out.push(Child::Expr(e, Role::Value));
                }
                WindowFrameBound::CurrentRow
                | WindowFrameBound::Preceding(None)
                | WindowFrameBound::Following(None) => {}
            }
        }
    }
}

/// A name part as text: an identifier's value, or a call (`IDENTIFIER('t')`)
/// printed when its arguments are shallow enough to print.
pub(super) fn name_part(part: &ObjectNamePart) -> String {
    match part {
        ObjectNamePart::Identifier(i) => i.value.clone(),
        ObjectNamePart::Function(f) => {
            let mut kids = Vec::new();
            function_args(&f.args, false, &mut kids);
            let shallow = kids.iter().all(|k| match k {
                Child::Expr(e, _) => height(e, DISPLAY_DEPTH).is_some(),
                Child::Query(..) => false,
            });
            if shallow {
                part.to_string()
            } else {
                format!("{}(…)", f.name)
            }
        }
    }
}

/// How many levels of expressions `e` nests (1 for a leaf), counted up to
/// `limit`; `None` past it, or when `e` holds a subquery (whose own depth
/// is not counted here).
fn height(e: &Expr, limit: usize) -> Option<usize> {
    let mut stack: Vec<(&Expr, usize)> = vec![(e, 1)];
    let mut kids = Vec::new();
    let mut max = 0;
    while let Some((e, level)) = stack.pop() {
        if level > limit {
            return None;
        }
        max = max.max(level);
        kids.clear();
        children(e, &mut kids);
        for kid in &kids {
            match kid {
                Child::Expr(k, _) => stack.push((k, level + 1)),
                Child::Query(..) => return None,
            }
        }
    }
    Some(max)
}

/// How deep an operand may be for sqlparser's `Display`, which recurses
/// once per level (a few hundred bytes of stack each).
const DISPLAY_DEPTH: usize = 200;

/// `e.to_string()`, for an expression that may be deep: chains of binary
/// operators and parentheses are printed iteratively, other parts with
/// `Display` when they are shallow. `None` when a part is too deep (or
/// holds a subquery) to print safely.
pub(super) fn display(e: &Expr) -> Option<String> {
    enum Piece<'a> {
        Expr(&'a Expr),
        Text(&'static str),
        Op(&'a sqlparser::ast::BinaryOperator),
    }
    let mut out = String::new();
    let mut stack = vec![Piece::Expr(e)];
    while let Some(piece) = stack.pop() {
        match piece {
            Piece::Text(t) => out.push_str(t),
            Piece::Op(op) => {
                let _ = write!(out, " {op} ");
            }
            Piece::Expr(Expr::BinaryOp { left, op, right }) => {
                stack.push(Piece::Expr(right));
                stack.push(Piece::Op(op));
                stack.push(Piece::Expr(left));
            }
            Piece::Expr(Expr::Nested(inner)) => {
                stack.push(Piece::Text(")"));
                stack.push(Piece::Expr(inner));
                stack.push(Piece::Text("("));
            }
            Piece::Expr(other) => {
                height(other, DISPLAY_DEPTH)?;
                let _ = write!(out, "{other}");
            }
        }
    }
    Some(out)
}
