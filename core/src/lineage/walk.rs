//! The walk: scopes, name resolution and lineage of queries and expressions.
//!
//! Expressions are walked with an explicit stack ([`ExprWalk::run`]), so a
//! chain like `a OR b OR …`, which parses one level deep per operator,
//! costs heap rather than call stack; so are the left spines of set
//! operations. What still recurses (queries in queries, joins in
//! parentheses) nests only as deeply as the parser's recursion limit
//! allows, and every recursive step also carries a depth that fails past
//! [`MAX_DEPTH`] as a second fence.

use std::borrow::Cow;
use std::collections::BTreeSet;

use sqlparser::ast::{
    Expr, Function, FunctionArg, FunctionArgExpr, FunctionArguments, GroupByExpr, Ident,
    JoinConstraint, JoinOperator, NamedWindowDefinition, NamedWindowExpr, ObjectName,
    OneOrManyWithParens, Query, Select, SelectItem, SelectItemQualifiedWildcardKind, SetExpr,
    SetOperator, SetQuantifier, Spanned, Statement, TableAlias, TableFactor, TableWithJoins, Value,
    WildcardAdditionalOptions, WindowType,
};
use sqlparser::tokenizer::Location;

use super::tree::{self, Child, Role, children, function_name};
use super::{
    Analysis, AnalysisError, AnalysisErrorKind, Catalog, ColumnLineage, ColumnRef, Dialect,
    Transform,
};

/// How deep the walk may recurse: queries, set operations, selects, joins
/// and table factors each take a level; expressions none (they are walked
/// with an explicit stack). The parser's recursion limit stops nesting
/// well before this (about 4 levels per nested subquery); it is a fence in
/// case a construct nests without the parser counting it.
pub(super) const MAX_DEPTH: usize = 100;

type Res<T> = Result<T, AnalysisError>;

/// Where a value comes from: what flows in, what only influences, and the
/// strongest transform on the way.
#[derive(Debug, Clone)]
struct Lin {
    sources: BTreeSet<ColumnRef>,
    influenced_by: BTreeSet<ColumnRef>,
    transform: Transform,
}

impl Lin {
    fn direct(relation: &str, column: &str) -> Lin {
        Lin {
            sources: BTreeSet::from([ColumnRef {
                relation: relation.to_string(),
                column: column.to_string(),
            }]),
            influenced_by: BTreeSet::new(),
            transform: Transform::Direct,
        }
    }

    fn empty(transform: Transform) -> Lin {
        Lin {
            sources: BTreeSet::new(),
            influenced_by: BTreeSet::new(),
            transform,
        }
    }

    /// Everything about `other` becomes an influence of `self`.
    fn add_as_influence(&mut self, other: &Lin) {
        self.influenced_by.extend(other.sources.iter().cloned());
        self.influenced_by
            .extend(other.influenced_by.iter().cloned());
    }

    fn union(&mut self, other: &Lin) {
        self.sources.extend(other.sources.iter().cloned());
        self.influenced_by
            .extend(other.influenced_by.iter().cloned());
        self.transform = self.transform.max(other.transform);
    }
}

#[derive(Debug, Clone)]
struct Col {
    name: String,
    lin: Lin,
}

fn same(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

/// The columns of a relation in scope.
#[derive(Debug, Clone)]
enum Cols {
    Known(Vec<Col>),
    /// A relation the catalog does not know: any column name resolves.
    /// `relation` is set for tables (the column is `relation.name`); table
    /// functions have `None`, and every column carries `lin`.
    Unknown {
        relation: Option<String>,
        lin: Lin,
    },
}

#[derive(Debug, Clone)]
struct Rel {
    /// Names a qualified column may use for this relation: the alias, or
    /// the table's name and its last part.
    names: Vec<String>,
    /// For messages.
    display: String,
    cols: Cols,
}

impl Rel {
    fn answers_to(&self, qualifier: &str) -> bool {
        self.names.iter().any(|n| same(n, qualifier))
    }

    fn column(&self, name: &Ident) -> Option<Lin> {
        self.column_ref(name).map(Cow::into_owned)
    }

    /// [`Rel::column`], borrowing when the lineage is stored.
    fn column_ref(&self, name: &Ident) -> Option<Cow<'_, Lin>> {
        match &self.cols {
            Cols::Known(cols) => cols
                .iter()
                .find(|c| same(&c.name, &name.value))
                .map(|c| Cow::Borrowed(&c.lin)),
            Cols::Unknown {
                relation: Some(r), ..
            } => Some(Cow::Owned(Lin::direct(r, &name.value))),
            Cols::Unknown {
                relation: None,
                lin,
            } => Some(Cow::Borrowed(lin)),
        }
    }
}

/// The relations a `SELECT` can see, and its enclosing query's scope for
/// correlated references.
struct Scope<'p> {
    rels: Vec<Rel>,
    /// Columns merged by `USING`/`NATURAL`: an unqualified name means them.
    merged: Vec<Col>,
    parent: Option<&'p Scope<'p>>,
}

impl<'p> Scope<'p> {
    fn new(parent: Option<&'p Scope<'p>>) -> Self {
        Scope {
            rels: Vec::new(),
            merged: Vec::new(),
            parent,
        }
    }
}

/// What an expression walk sees beyond its scope.
struct Ctx<'s, 'p> {
    scope: &'s Scope<'p>,
    /// Select-list aliases usable here (lateral aliases, `WHERE`, `GROUP BY`…).
    aliases: &'s [Col],
    named_windows: &'s [sqlparser::ast::NamedWindowDefinition],
}

pub(super) fn statement_location(statement: &Statement) -> Location {
    match statement {
        Statement::Query(q) => query_location(q),
        _ => Location::of(0, 0),
    }
}

/// The start of a query, found without walking the tree.
fn query_location(q: &Query) -> Location {
    if let Some(with) = &q.with {
        return with.with_token.0.span.start;
    }
    let mut body = q.body.as_ref();
    // Iterative, not recursive: the left spine of set operations can be long.
    loop {
        match body {
            SetExpr::Select(s) => return s.select_token.0.span.start,
            SetExpr::SetOperation { left, .. } => body = left,
            SetExpr::Query(q) => return query_location(q),
            _ => return Location::of(0, 0),
        }
    }
}

/// Analyses a parsed statement. `shallow` says that no expression in it
/// nests deeper than a few hundred levels (so printing one is safe).
pub(super) fn analyze_statement(
    statement: &Statement,
    dialect: Dialect,
    catalog: &dyn Catalog,
    shallow: bool,
) -> Res<Analysis> {
    let Statement::Query(query) = statement else {
        return Err(AnalysisError::new(
            AnalysisErrorKind::NotAQuery,
            Location::of(1, 1),
            "only a query (SELECT … or WITH … SELECT …) can be analysed",
        ));
    };
    let mut walker = Walker {
        catalog,
        dialect,
        shallow,
        relations: Vec::new(),
        ctes: Vec::new(),
    };
    let cols = walker.query(query, None, 0)?;
    Ok(Analysis {
        relations: walker.relations,
        columns: cols.into_iter().map(finish).collect(),
    })
}

fn finish(col: Col) -> ColumnLineage {
    let Lin {
        sources,
        influenced_by,
        transform,
    } = col.lin;
    let transform = if sources.is_empty() && transform <= Transform::Expression {
        Transform::Constant
    } else {
        transform
    };
    let influenced_by = influenced_by
        .into_iter()
        .filter(|c| !sources.contains(c))
        .collect();
    ColumnLineage {
        name: col.name,
        sources: sources.into_iter().collect(),
        transform,
        influenced_by,
    }
}

struct Walker<'c> {
    catalog: &'c dyn Catalog,
    dialect: Dialect,
    /// Every expression of the statement is shallow enough for
    /// sqlparser's recursive `Display` (see `check_chains`).
    shallow: bool,
    relations: Vec<String>,
    /// CTEs in scope, innermost last.
    ctes: Vec<(String, Vec<Col>)>,
}

fn too_deep(loc: Location) -> AnalysisError {
    AnalysisError::new(
        AnalysisErrorKind::TooDeep,
        loc,
        format!("the statement nests too deeply to analyse (the limit is {MAX_DEPTH} levels)"),
    )
}

fn name_text(name: &ObjectName) -> String {
    name.0
        .iter()
        .map(tree::name_part)
        .collect::<Vec<_>>()
        .join(".")
}

fn name_location(name: &ObjectName) -> Location {
    name.0
        .first()
        .and_then(|p| p.as_ident())
        .map_or(Location::of(0, 0), |i| i.span.start)
}

fn alias_location(alias: Option<&TableAlias>) -> Location {
    alias.map_or(Location::of(0, 0), |a| a.name.span.start)
}

/// Applies `AS t (a, b, …)` column renames.
fn rename_columns(mut cols: Vec<Col>, alias: Option<&TableAlias>) -> Res<Vec<Col>> {
    let Some(alias) = alias else { return Ok(cols) };
    if alias.columns.is_empty() {
        return Ok(cols);
    }
    if alias.columns.len() > cols.len() {
        return Err(AnalysisError::new(
            AnalysisErrorKind::ColumnCount,
            alias.name.span.start,
            format!(
                "{} names {} columns but the relation has {}",
                alias.name.value,
                alias.columns.len(),
                cols.len()
            ),
        ));
    }
    for (col, def) in cols.iter_mut().zip(&alias.columns) {
        col.name = def.name.value.clone();
    }
    Ok(cols)
}

/// Sorted (a test checks), for binary search.
pub(super) const AGGREGATES: &[&str] = &[
    "any_value",
    "approx_count_distinct",
    "approx_percentile",
    "approx_quantile",
    "arbitrary",
    "arg_max",
    "arg_min",
    "argmax",
    "argmin",
    "array_agg",
    "array_union_agg",
    "array_unique_agg",
    "avg",
    "bit_and",
    "bit_or",
    "bit_xor",
    "bitand_agg",
    "bitor_agg",
    "bitxor_agg",
    "bool_and",
    "bool_or",
    "booland_agg",
    "boolor_agg",
    "corr",
    "count",
    "count_if",
    "count_star",
    "covar_pop",
    "covar_samp",
    "entropy",
    "favg",
    "first",
    "fsum",
    "group_concat",
    "hash_agg",
    "histogram",
    "hll",
    "kurtosis",
    "last",
    "list",
    "listagg",
    "mad",
    "max",
    "max_by",
    "median",
    "min",
    "min_by",
    "mode",
    "object_agg",
    "percentile_cont",
    "percentile_disc",
    "product",
    "quantile",
    "quantile_cont",
    "quantile_disc",
    "regr_avgx",
    "regr_avgy",
    "regr_count",
    "regr_intercept",
    "regr_r2",
    "regr_slope",
    "regr_sxx",
    "regr_sxy",
    "regr_syy",
    "skewness",
    "stddev",
    "stddev_pop",
    "stddev_samp",
    "string_agg",
    "sum",
    "var_pop",
    "var_samp",
    "variance",
    "variance_pop",
    "variance_samp",
];

fn is_aggregate(f: &Function) -> bool {
    tree::last_name_in(&f.name, AGGREGATES)
}

fn function_arg_exprs(f: &Function) -> Vec<&Expr> {
    match &f.args {
        FunctionArguments::List(list) => arg_exprs(&list.args),
        _ => Vec::new(),
    }
}

/// The expressions passed as arguments, named or not (`*` and wildcards
/// are left out).
fn arg_exprs(args: &[FunctionArg]) -> Vec<&Expr> {
    args.iter()
        .filter_map(|a| match a {
            FunctionArg::Named { arg, .. }
            | FunctionArg::ExprNamed { arg, .. }
            | FunctionArg::Unnamed(arg) => match arg {
                FunctionArgExpr::Expr(e) => Some(e),
                _ => None,
            },
        })
        .collect()
}

impl Walker<'_> {
    /// The name a database gives an unaliased select item.
    fn output_name(&self, e: &Expr) -> Res<String> {
        let mut inner = e;
        loop {
            match inner {
                Expr::Nested(x) => inner = x,
                Expr::Identifier(i) => return Ok(i.value.clone()),
                Expr::CompoundIdentifier(parts) => {
                    return Ok(parts.last().map(|i| i.value.clone()).unwrap_or_default());
                }
                _ => break,
            }
        }
        if self.shallow {
            return Ok(e.to_string());
        }
        tree::display(e).ok_or_else(|| {
            AnalysisError::new(
                AnalysisErrorKind::TooDeep,
                leftmost_location(e),
                "this select item nests too deeply to print its name: give it an alias (AS name)",
            )
        })
    }

    fn note_relation(&mut self, name: &str) {
        if !self.relations.iter().any(|r| same(r, name)) {
            self.relations.push(name.to_string());
        }
    }

    fn query(&mut self, q: &Query, outer: Option<&Scope<'_>>, depth: usize) -> Res<Vec<Col>> {
        if depth > MAX_DEPTH {
            return Err(too_deep(query_location(q)));
        }
        let ctes_before = self.ctes.len();
        let result = self.query_inner(q, outer, depth);
        self.ctes.truncate(ctes_before);
        result
    }

    fn query_inner(&mut self, q: &Query, outer: Option<&Scope<'_>>, depth: usize) -> Res<Vec<Col>> {
        if let Some(with) = &q.with {
            if with.recursive {
                return Err(AnalysisError::new(
                    AnalysisErrorKind::Unsupported,
                    with.with_token.0.span.start,
                    "WITH RECURSIVE is not supported yet: lineage through a recursive CTE needs a fixpoint; write the model without recursion or analyse it by hand",
                ));
            }
            for cte in &with.cte_tables {
                let cols = self.query(&cte.query, outer, depth + 1)?;
                let cols = rename_columns(cols, Some(&cte.alias))?;
                self.ctes.push((cte.alias.name.value.clone(), cols));
            }
        }
        if !q.pipe_operators.is_empty() {
            return Err(AnalysisError::new(
                AnalysisErrorKind::Unsupported,
                query_location(q),
                "pipe syntax (|>) is not supported",
            ));
        }
        // ORDER BY decides which rows survive when rows are cut after it.
        let limited = q.limit_clause.is_some() || q.fetch.is_some();
        let order = q.order_by.as_ref();
        if let SetExpr::Select(s) = q.body.as_ref() {
            if depth + 1 > MAX_DEPTH {
                return Err(too_deep(s.select_token.0.span.start));
            }
            return self.select(s, outer, depth + 2, order, limited);
        }
        let mut cols = self.set_expr(&q.body, outer, depth + 1)?;
        if let Some(order) = order
            && limited
        {
            // Over a set operation, ORDER BY names output columns.
            let scope = Scope::new(outer);
            let mut rows = Lin::empty(Transform::Direct);
            let picked = self.order_lin(order, &scope, &cols, &[], depth + 1)?;
            rows.add_as_influence(&picked);
            for col in &mut cols {
                col.lin
                    .influenced_by
                    .extend(rows.influenced_by.iter().cloned());
            }
        }
        Ok(cols)
    }

    /// What an `ORDER BY` reads: its expressions (or output ordinals), or
    /// every output column for `ORDER BY ALL`.
    fn order_lin(
        &mut self,
        order: &sqlparser::ast::OrderBy,
        scope: &Scope<'_>,
        out: &[Col],
        windows: &[NamedWindowDefinition],
        depth: usize,
    ) -> Res<Lin> {
        let mut lin = Lin::empty(Transform::Direct);
        match &order.kind {
            sqlparser::ast::OrderByKind::All(_) => {
                for col in out {
                    lin.add_as_influence(&col.lin);
                }
            }
            sqlparser::ast::OrderByKind::Expressions(exprs) => {
                for o in exprs {
                    let l = match ordinal(&o.expr) {
                        Some(n) => match n.checked_sub(1).and_then(|i| out.get(i)) {
                            Some(col) => col.lin.clone(),
                            None => {
                                return Err(AnalysisError::new(
                                    AnalysisErrorKind::Invalid,
                                    o.expr.span().start,
                                    format!(
                                        "ORDER BY {n} refers to no column: the select list has {}",
                                        out.len()
                                    ),
                                ));
                            }
                        },
                        None => self.expr_lin(&o.expr, scope, out, windows, depth + 1)?,
                    };
                    lin.add_as_influence(&l);
                }
            }
        }
        Ok(lin)
    }

    fn set_expr(
        &mut self,
        body: &SetExpr,
        outer: Option<&Scope<'_>>,
        depth: usize,
    ) -> Res<Vec<Col>> {
        if depth > MAX_DEPTH {
            return Err(too_deep(Location::of(0, 0)));
        }
        match body {
            SetExpr::Select(s) => self.select(s, outer, depth + 1, None, false),
            SetExpr::Query(q) => self.query(q, outer, depth + 1),
            SetExpr::SetOperation { .. } => {
                // `q UNION q UNION … q` parses left-deep, one level per
                // operator: follow the left spine in a loop, not by recursion.
                let mut spine = Vec::new();
                let mut leftmost = body;
                while let SetExpr::SetOperation {
                    left,
                    op,
                    set_quantifier,
                    right,
                } = leftmost
                {
                    spine.push((*op, set_quantifier, right.as_ref()));
                    leftmost = left;
                }
                let mut cols = self.set_expr(leftmost, outer, depth + 1)?;
                for (op, set_quantifier, right) in spine.into_iter().rev() {
                    let r = self.set_expr(right, outer, depth + 1)?;
                    let by_name = matches!(
                        set_quantifier,
                        SetQuantifier::ByName
                            | SetQuantifier::AllByName
                            | SetQuantifier::DistinctByName
                    );
                    cols = set_operation(cols, r, op, by_name, right)?;
                }
                Ok(cols)
            }
            SetExpr::Values(values) => {
                let mut cols: Vec<Col> = Vec::new();
                for row in &values.rows {
                    for (i, e) in row.iter().enumerate() {
                        let ctx_scope = Scope::new(outer);
                        let lin = self.expr_lin(e, &ctx_scope, &[], &[], depth + 1)?;
                        match cols.get_mut(i) {
                            Some(c) => c.lin.union(&lin),
                            None => cols.push(Col {
                                name: match self.dialect {
                                    Dialect::Duckdb => format!("col{i}"),
                                    Dialect::Snowflake => format!("column{}", i + 1),
                                },
                                lin,
                            }),
                        }
                    }
                }
                Ok(cols)
            }
            SetExpr::Table(t) => Err(AnalysisError::new(
                AnalysisErrorKind::Unsupported,
                Location::of(0, 0),
                format!(
                    "TABLE {} is not supported: write SELECT * FROM it",
                    t.table_name.as_deref().unwrap_or("")
                ),
            )),
            SetExpr::Insert(_) | SetExpr::Update(_) | SetExpr::Delete(_) | SetExpr::Merge(_) => {
                Err(AnalysisError::new(
                    AnalysisErrorKind::NotAQuery,
                    Location::of(0, 0),
                    "only queries can be analysed, not data changes",
                ))
            }
        }
    }

    /// A `SELECT`, with its query's `ORDER BY` and whether rows are cut
    /// after it (`LIMIT`/`FETCH`).
    fn select(
        &mut self,
        s: &Select,
        outer: Option<&Scope<'_>>,
        depth: usize,
        order: Option<&sqlparser::ast::OrderBy>,
        limited: bool,
    ) -> Res<Vec<Col>> {
        let at = s.select_token.0.span.start;
        if depth > MAX_DEPTH {
            return Err(too_deep(at));
        }
        let mut scope = Scope::new(outer);
        // Rows of the result depend on these (join keys, filters, grouping).
        let mut rows = Lin::empty(Transform::Direct);
        for twj in &s.from {
            self.table_with_joins(twj, &mut scope, &mut rows, depth + 1)?;
        }
        if !s.lateral_views.is_empty() {
            return Err(AnalysisError::new(
                AnalysisErrorKind::Unsupported,
                at,
                "LATERAL VIEW is not supported",
            ));
        }
        if !s.connect_by.is_empty() {
            return Err(AnalysisError::new(
                AnalysisErrorKind::Unsupported,
                at,
                "CONNECT BY is not supported",
            ));
        }
        let windows = &s.named_window;

        // The select list, each item seeing the aliases before it.
        let mut out: Vec<Col> = Vec::new();
        for item in &s.projection {
            match item {
                SelectItem::UnnamedExpr(e) => {
                    let lin = self.expr_lin(e, &scope, &out, windows, depth + 1)?;
                    out.push(Col {
                        name: self.output_name(e)?,
                        lin,
                    });
                }
                SelectItem::ExprWithAlias { expr, alias } => {
                    let lin = self.expr_lin(expr, &scope, &out, windows, depth + 1)?;
                    out.push(Col {
                        name: alias.value.clone(),
                        lin,
                    });
                }
                SelectItem::ExprWithAliases { expr, aliases } => {
                    let lin = self.expr_lin(expr, &scope, &out, windows, depth + 1)?;
                    for alias in aliases {
                        out.push(Col {
                            name: alias.value.clone(),
                            lin: lin.clone(),
                        });
                    }
                }
                SelectItem::Wildcard(opts) => {
                    let mut cols = Vec::new();
                    for rel in &scope.rels {
                        for col in star_columns(rel, opts)? {
                            let merged = scope.merged.iter().find(|m| same(&m.name, &col.name));
                            match merged {
                                Some(m) => {
                                    if !cols.iter().any(|c: &Col| same(&c.name, &m.name)) {
                                        cols.push(m.clone());
                                    }
                                }
                                None => cols.push(col),
                            }
                        }
                    }
                    if scope.rels.is_empty() {
                        return Err(AnalysisError::new(
                            AnalysisErrorKind::Invalid,
                            opts.wildcard_token.0.span.start,
                            "SELECT * without FROM selects nothing",
                        ));
                    }
                    let cols = self.star_options(cols, opts, &scope, &out, windows, depth)?;
                    out.extend(cols);
                }
                SelectItem::QualifiedWildcard(kind, opts) => {
                    let SelectItemQualifiedWildcardKind::ObjectName(name) = kind else {
                        return Err(AnalysisError::new(
                            AnalysisErrorKind::Unsupported,
                            opts.wildcard_token.0.span.start,
                            "expanding a struct with expr.* is not supported",
                        ));
                    };
                    let qualifier = name_text(name);
                    let rel = scope
                        .rels
                        .iter()
                        .find(|r| r.answers_to(&qualifier))
                        .ok_or_else(|| {
                            AnalysisError::new(
                                AnalysisErrorKind::UnknownRelation,
                                name_location(name),
                                format!("{qualifier}.* names no relation of this FROM clause"),
                            )
                        })?;
                    let cols = star_columns(rel, opts)?;
                    let cols = self.star_options(cols, opts, &scope, &out, windows, depth)?;
                    out.extend(cols);
                }
            }
        }

        // Clauses that only decide which rows there are.
        if let Some(e) = &s.prewhere {
            let lin = self.expr_lin(e, &scope, &out, windows, depth + 1)?;
            rows.add_as_influence(&lin);
        }
        if let Some(e) = &s.selection {
            let lin = self.expr_lin(e, &scope, &out, windows, depth + 1)?;
            rows.add_as_influence(&lin);
        }
        match &s.group_by {
            GroupByExpr::All(_) => {
                for col in &out {
                    if col.lin.transform < Transform::Aggregate {
                        rows.add_as_influence(&col.lin);
                    }
                }
            }
            GroupByExpr::Expressions(exprs, _) => {
                for e in exprs {
                    let lin = match ordinal(e) {
                        Some(n) => match n.checked_sub(1).and_then(|i| out.get(i)) {
                            Some(col) => col.lin.clone(),
                            None => {
                                return Err(AnalysisError::new(
                                    AnalysisErrorKind::Invalid,
                                    e.span().start,
                                    format!(
                                        "GROUP BY {n} refers to no column: the select list has {}",
                                        out.len()
                                    ),
                                ));
                            }
                        },
                        None => self.expr_lin(e, &scope, &out, windows, depth + 1)?,
                    };
                    rows.add_as_influence(&lin);
                }
            }
        }
        if let Some(e) = &s.having {
            let lin = self.expr_lin(e, &scope, &out, windows, depth + 1)?;
            rows.add_as_influence(&lin);
        }
        if let Some(e) = &s.qualify {
            let lin = self.expr_lin(e, &scope, &out, windows, depth + 1)?;
            rows.add_as_influence(&lin);
        }
        match &s.distinct {
            Some(sqlparser::ast::Distinct::On(exprs)) => {
                for e in exprs {
                    let lin = self.expr_lin(e, &scope, &out, windows, depth + 1)?;
                    rows.add_as_influence(&lin);
                }
            }
            // Plain DISTINCT groups like GROUP BY over every column, but
            // is not reported as an influence (OUR_BUGS.md: SELECT DISTINCT).
            Some(sqlparser::ast::Distinct::Distinct | sqlparser::ast::Distinct::All) | None => {}
        }
        // ORDER BY picks rows under LIMIT/FETCH/TOP or DISTINCT ON.
        if let Some(order) = order
            && (limited
                || s.top.is_some()
                || matches!(s.distinct, Some(sqlparser::ast::Distinct::On(_))))
        {
            let lin = self.order_lin(order, &scope, &out, windows, depth + 1)?;
            rows.add_as_influence(&lin);
        }
        for col in &mut out {
            col.lin
                .influenced_by
                .extend(rows.influenced_by.iter().cloned());
        }
        Ok(out)
    }

    /// `EXCLUDE`, `EXCEPT`, `REPLACE`, `RENAME` and `ILIKE` after a star.
    fn star_options(
        &mut self,
        mut cols: Vec<Col>,
        opts: &WildcardAdditionalOptions,
        scope: &Scope<'_>,
        aliases: &[Col],
        windows: &[sqlparser::ast::NamedWindowDefinition],
        depth: usize,
    ) -> Res<Vec<Col>> {
        let mut excluded: Vec<&Ident> = Vec::new();
        if let Some(ex) = &opts.opt_exclude {
            let names: Vec<&ObjectName> = match ex {
                sqlparser::ast::ExcludeSelectItem::Single(n) => vec![n],
                sqlparser::ast::ExcludeSelectItem::Multiple(ns) => ns.iter().collect(),
            };
            for n in names {
                if let Some(ident) = n.0.last().and_then(|p| p.as_ident()) {
                    excluded.push(ident);
                }
            }
        }
        if let Some(ex) = &opts.opt_except {
            excluded.push(&ex.first_element);
            excluded.extend(ex.additional_elements.iter());
        }
        for ident in excluded {
            let before = cols.len();
            cols.retain(|c| !same(&c.name, &ident.value));
            if cols.len() == before {
                return Err(AnalysisError::new(
                    AnalysisErrorKind::UnknownColumn,
                    ident.span.start,
                    format!("* excludes {}, which is not among its columns", ident.value),
                ));
            }
        }
        if let Some(rep) = &opts.opt_replace {
            for item in &rep.items {
                let lin = self.expr_lin(&item.expr, scope, aliases, windows, depth + 1)?;
                let Some(col) = cols
                    .iter_mut()
                    .find(|c| same(&c.name, &item.column_name.value))
                else {
                    return Err(AnalysisError::new(
                        AnalysisErrorKind::UnknownColumn,
                        item.column_name.span.start,
                        format!(
                            "* replaces {}, which is not among its columns",
                            item.column_name.value
                        ),
                    ));
                };
                col.lin = lin;
            }
        }
        if let Some(ren) = &opts.opt_rename {
            let items: Vec<&sqlparser::ast::IdentWithAlias> = match ren {
                sqlparser::ast::RenameSelectItem::Single(i) => vec![i],
                sqlparser::ast::RenameSelectItem::Multiple(is) => is.iter().collect(),
            };
            for item in items {
                let Some(col) = cols.iter_mut().find(|c| same(&c.name, &item.ident.value)) else {
                    return Err(AnalysisError::new(
                        AnalysisErrorKind::UnknownColumn,
                        item.ident.span.start,
                        format!(
                            "* renames {}, which is not among its columns",
                            item.ident.value
                        ),
                    ));
                };
                col.name = item.alias.value.clone();
            }
        }
        if opts.opt_ilike.is_some() {
            return Err(AnalysisError::new(
                AnalysisErrorKind::Unsupported,
                opts.wildcard_token.0.span.start,
                "* ILIKE '…' is not supported yet: list the columns",
            ));
        }
        Ok(cols)
    }

    fn table_with_joins(
        &mut self,
        twj: &TableWithJoins,
        scope: &mut Scope<'_>,
        rows: &mut Lin,
        depth: usize,
    ) -> Res<()> {
        if depth > MAX_DEPTH {
            return Err(too_deep(Location::of(0, 0)));
        }
        self.factor(&twj.relation, scope, rows, depth + 1)?;
        for join in &twj.joins {
            let left_count = scope.rels.len();
            self.factor(&join.relation, scope, rows, depth + 1)?;
            let side = match join.join_operator {
                JoinOperator::FullOuter(_) => Side::Full,
                JoinOperator::Right(_) | JoinOperator::RightOuter(_) => Side::Right,
                _ => Side::Left,
            };
            let constraint = match &join.join_operator {
                JoinOperator::Join(c)
                | JoinOperator::Inner(c)
                | JoinOperator::Left(c)
                | JoinOperator::LeftOuter(c)
                | JoinOperator::Right(c)
                | JoinOperator::RightOuter(c)
                | JoinOperator::FullOuter(c)
                | JoinOperator::CrossJoin(c)
                | JoinOperator::Semi(c)
                | JoinOperator::LeftSemi(c)
                | JoinOperator::RightSemi(c)
                | JoinOperator::Anti(c)
                | JoinOperator::LeftAnti(c)
                | JoinOperator::RightAnti(c)
                | JoinOperator::StraightJoin(c) => c,
                JoinOperator::AsOf {
                    match_condition,
                    constraint,
                } => {
                    let lin = self.expr_lin(match_condition, scope, &[], &[], depth + 1)?;
                    rows.add_as_influence(&lin);
                    constraint
                }
                JoinOperator::CrossApply
                | JoinOperator::OuterApply
                | JoinOperator::ArrayJoin
                | JoinOperator::LeftArrayJoin
                | JoinOperator::InnerArrayJoin => &JoinConstraint::None,
            };
            match constraint {
                JoinConstraint::On(e) => {
                    let lin = self.expr_lin(e, scope, &[], &[], depth + 1)?;
                    rows.add_as_influence(&lin);
                }
                JoinConstraint::Using(names) => {
                    let idents: Vec<&Ident> = names
                        .iter()
                        .filter_map(|n| n.0.last().and_then(|p| p.as_ident()))
                        .collect();
                    for ident in idents {
                        self.merge_using(ident, scope, left_count, side, rows)?;
                    }
                }
                JoinConstraint::Natural => {
                    let Some(Rel {
                        cols: Cols::Known(right),
                        ..
                    }) = scope.rels.get(left_count)
                    else {
                        return Err(AnalysisError::new(
                            AnalysisErrorKind::UnknownSchema,
                            join.relation.span().start,
                            "NATURAL JOIN needs the joined relations' columns: the schema of the right side is unknown",
                        ));
                    };
                    let names: Vec<Ident> = right
                        .iter()
                        .filter(|c| {
                            scope.rels[..left_count]
                                .iter()
                                .any(|r| matches!(&r.cols, Cols::Known(cs) if cs.iter().any(|x| same(&x.name, &c.name))))
                        })
                        .map(|c| Ident::new(c.name.clone()))
                        .collect();
                    for ident in &names {
                        self.merge_using(ident, scope, left_count, side, rows)?;
                    }
                }
                JoinConstraint::None => {}
            }
        }
        Ok(())
    }

    /// `USING (name)`: both sides' columns are join keys, and the name
    /// alone now means the merged column.
    fn merge_using(
        &mut self,
        ident: &Ident,
        scope: &mut Scope<'_>,
        left_count: usize,
        side: Side,
        rows: &mut Lin,
    ) -> Res<()> {
        let left = scope
            .merged
            .iter()
            .find(|m| same(&m.name, &ident.value))
            .map(|m| m.lin.clone())
            .or_else(|| {
                scope.rels[..left_count]
                    .iter()
                    .find_map(|r| known_column(r, ident).map(Cow::into_owned))
            })
            .or_else(|| {
                scope.rels[..left_count]
                    .iter()
                    .find_map(|r| r.column(ident))
            });
        let right = scope.rels.get(left_count).and_then(|r| r.column(ident));
        let (Some(left), Some(right)) = (left, right) else {
            return Err(AnalysisError::new(
                AnalysisErrorKind::UnknownColumn,
                ident.span.start,
                format!(
                    "USING ({}) needs the column on both sides of the join",
                    ident.value
                ),
            ));
        };
        rows.add_as_influence(&left);
        rows.add_as_influence(&right);
        let lin = match side {
            Side::Left => left,
            // Every right row is kept; the left key is NULL where nothing
            // matches.
            Side::Right => right,
            Side::Full => {
                let mut lin = left;
                lin.union(&right);
                lin.transform = lin.transform.max(Transform::Expression);
                lin
            }
        };
        scope.merged.retain(|m| !same(&m.name, &ident.value));
        scope.merged.push(Col {
            name: ident.value.clone(),
            lin,
        });
        Ok(())
    }

    fn factor(
        &mut self,
        factor: &TableFactor,
        scope: &mut Scope<'_>,
        rows: &mut Lin,
        depth: usize,
    ) -> Res<()> {
        if depth > MAX_DEPTH {
            return Err(too_deep(Location::of(0, 0)));
        }
        let rel = match factor {
            TableFactor::Table {
                name,
                alias,
                args: None,
                ..
            } => self.table(name, alias.as_ref())?,
            TableFactor::Table {
                name,
                alias,
                args: Some(args),
                ..
            } => {
                let exprs = arg_exprs(&args.args);
                let fname = name_text(name);
                self.table_function(&fname, &exprs, alias.as_ref(), scope, depth)?
            }
            TableFactor::Derived {
                lateral,
                subquery,
                alias,
                ..
            } => {
                let cols = if *lateral {
                    self.query(subquery, Some(scope), depth + 1)?
                } else {
                    self.query(subquery, scope.parent, depth + 1)?
                };
                let cols = rename_columns(cols, alias.as_ref())?;
                let name = alias.as_ref().map(|a| a.name.value.clone());
                Rel {
                    display: name.clone().unwrap_or_else(|| "(subquery)".to_string()),
                    names: name.into_iter().collect(),
                    cols: Cols::Known(cols),
                }
            }
            TableFactor::TableFunction { expr, alias } => match expr {
                Expr::Function(f) => {
                    let fname = function_name(f);
                    let exprs = function_arg_exprs(f);
                    self.table_function(&fname, &exprs, alias.as_ref(), scope, depth)?
                }
                _ => {
                    return Err(AnalysisError::new(
                        AnalysisErrorKind::Unsupported,
                        alias_location(alias.as_ref()),
                        "TABLE(…) over something other than a function call is not supported",
                    ));
                }
            },
            TableFactor::Function {
                name, args, alias, ..
            } => {
                let exprs = arg_exprs(args);
                let fname = name_text(name);
                self.table_function(&fname, &exprs, alias.as_ref(), scope, depth)?
            }
            TableFactor::UNNEST {
                alias, array_exprs, ..
            } => {
                let exprs: Vec<&Expr> = array_exprs.iter().collect();
                self.table_function("unnest", &exprs, alias.as_ref(), scope, depth)?
            }
            TableFactor::NestedJoin {
                table_with_joins,
                alias,
            } => {
                if alias.is_some() {
                    return Err(AnalysisError::new(
                        AnalysisErrorKind::Unsupported,
                        alias_location(alias.as_ref()),
                        "an alias on a parenthesized join is not supported",
                    ));
                }
                return self.table_with_joins(table_with_joins, scope, rows, depth + 1);
            }
            TableFactor::Pivot { alias, .. } => {
                return Err(unsupported(alias.as_ref(), "PIVOT"));
            }
            TableFactor::Unpivot { alias, .. } => {
                return Err(unsupported_at(alias.as_ref(), factor, "UNPIVOT"));
            }
            TableFactor::UnpivotExpr { .. } => {
                return Err(unsupported_at(None, factor, "UNPIVOT"));
            }
            TableFactor::MatchRecognize { alias, .. } => {
                return Err(unsupported_at(alias.as_ref(), factor, "MATCH_RECOGNIZE"));
            }
            TableFactor::JsonTable { alias, .. } | TableFactor::OpenJsonTable { alias, .. } => {
                return Err(unsupported(alias.as_ref(), "JSON_TABLE"));
            }
            TableFactor::XmlTable { alias, .. } => {
                return Err(unsupported(alias.as_ref(), "XMLTABLE"));
            }
            TableFactor::SemanticView { alias, .. } => {
                return Err(unsupported(alias.as_ref(), "SEMANTIC_VIEW"));
            }
        };
        scope.rels.push(rel);
        Ok(())
    }

    fn table(&mut self, name: &ObjectName, alias: Option<&TableAlias>) -> Res<Rel> {
        let text = name_text(name);
        let alias_name = alias.map(|a| a.name.value.clone());
        let last = name
            .0
            .last()
            .and_then(|p| p.as_ident())
            .map(|i| i.value.clone())
            .unwrap_or_else(|| text.clone());
        let names = match &alias_name {
            Some(a) => vec![a.clone()],
            None => vec![text.clone(), last],
        };
        if name.0.len() == 1
            && let Some((_, cols)) = self.ctes.iter().rev().find(|(n, _)| same(n, &text))
        {
            let cols = rename_columns(cols.clone(), alias)?;
            return Ok(Rel {
                names,
                display: text,
                cols: Cols::Known(cols),
            });
        }
        self.note_relation(&text);
        let cols = match self.catalog.columns(&text) {
            Some(columns) => {
                let cols = columns
                    .into_iter()
                    .map(|c| Col {
                        lin: Lin::direct(&text, &c),
                        name: c,
                    })
                    .collect();
                Cols::Known(rename_columns(cols, alias)?)
            }
            None => {
                if alias.is_some_and(|a| !a.columns.is_empty()) {
                    return Err(AnalysisError::new(
                        AnalysisErrorKind::UnknownSchema,
                        name_location(name),
                        format!("cannot rename the columns of {text}: its schema is unknown"),
                    ));
                }
                Cols::Unknown {
                    relation: Some(text.clone()),
                    lin: Lin::empty(Transform::Direct),
                }
            }
        };
        Ok(Rel {
            names,
            display: text,
            cols,
        })
    }

    /// `FLATTEN(…)`, `UNNEST(…)`, `read_csv(…)`, `generate_series(…)`: every
    /// column is computed from the arguments.
    fn table_function(
        &mut self,
        fname: &str,
        args: &[&Expr],
        alias: Option<&TableAlias>,
        scope: &Scope<'_>,
        depth: usize,
    ) -> Res<Rel> {
        let mut lin = Lin::empty(Transform::Expression);
        for e in args {
            let l = self.expr_lin(e, scope, &[], &[], depth + 1)?;
            lin.union(&l);
        }
        lin.transform = lin.transform.max(Transform::Expression);
        let lower = fname.to_ascii_lowercase();
        let fixed: Option<Vec<&str>> = match lower.rsplit('.').next().unwrap_or("") {
            "flatten" => Some(vec!["SEQ", "KEY", "PATH", "INDEX", "VALUE", "THIS"]),
            "unnest" if args.len() <= 1 => Some(vec!["unnest"]),
            "generate_series" | "range" => Some(vec![lower.as_str()]),
            _ => None,
        };
        let alias_name = alias.map(|a| a.name.value.clone());
        let display = alias_name.clone().unwrap_or_else(|| fname.to_string());
        let names: Vec<String> = alias_name.into_iter().chain([fname.to_string()]).collect();
        let cols = match (fixed, alias) {
            (_, Some(a)) if !a.columns.is_empty() && !matches!(lower.as_str(), "flatten") => {
                Cols::Known(
                    a.columns
                        .iter()
                        .map(|c| Col {
                            name: c.name.value.clone(),
                            lin: lin.clone(),
                        })
                        .collect(),
                )
            }
            (Some(fixed), _) => {
                let cols = fixed
                    .into_iter()
                    .map(|n| Col {
                        name: n.to_string(),
                        lin: lin.clone(),
                    })
                    .collect();
                Cols::Known(rename_columns(cols, alias)?)
            }
            (None, _) => Cols::Unknown {
                relation: None,
                lin,
            },
        };
        Ok(Rel {
            names,
            display,
            cols,
        })
    }

    /// The lineage of one expression in a scope.
    fn expr_lin(
        &mut self,
        e: &Expr,
        scope: &Scope<'_>,
        aliases: &[Col],
        named_windows: &[sqlparser::ast::NamedWindowDefinition],
        depth: usize,
    ) -> Res<Lin> {
        let ctx = Ctx {
            scope,
            aliases,
            named_windows,
        };
        let mut w = ExprWalk {
            walker: self,
            ctx: &ctx,
            depth,
            lambda_params: Vec::new(),
            lin: Lin::empty(Transform::Constant),
            upstream: Transform::Constant,
            aggregate: false,
            window: false,
        };
        w.run(e)?;
        let ExprWalk {
            mut lin,
            upstream,
            aggregate,
            window,
            ..
        } = w;
        let own = if window {
            Transform::Window
        } else if aggregate {
            Transform::Aggregate
        } else if is_bare_column(e) {
            Transform::Direct
        } else {
            Transform::Expression
        };
        lin.transform = own.max(upstream);
        Ok(lin)
    }
}

fn unsupported(alias: Option<&TableAlias>, what: &str) -> AnalysisError {
    AnalysisError::new(
        AnalysisErrorKind::Unsupported,
        alias_location(alias),
        format!("{what} is not supported yet"),
    )
}

/// [`unsupported`], at the alias or else where the table factor starts
/// (the relation it applies to).
fn unsupported_at(alias: Option<&TableAlias>, factor: &TableFactor, what: &str) -> AnalysisError {
    let at = match alias {
        Some(a) => a.name.span.start,
        None => factor.span().start,
    };
    AnalysisError::new(
        AnalysisErrorKind::Unsupported,
        at,
        format!("{what} is not supported yet"),
    )
}

/// Which side of an outer join a `USING` column's value comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Left,
    Right,
    Full,
}

fn known_column<'r>(rel: &'r Rel, ident: &Ident) -> Option<Cow<'r, Lin>> {
    match &rel.cols {
        Cols::Known(_) => rel.column_ref(ident),
        Cols::Unknown { .. } => None,
    }
}

/// The columns `*` takes from one relation.
fn star_columns(rel: &Rel, opts: &WildcardAdditionalOptions) -> Res<Vec<Col>> {
    match &rel.cols {
        Cols::Known(cols) => Ok(cols.clone()),
        Cols::Unknown { .. } => Err(AnalysisError::new(
            AnalysisErrorKind::UnknownSchema,
            opts.wildcard_token.0.span.start,
            format!(
                "cannot expand * over {}: its columns are unknown (add it to the schema, or list the columns)",
                rel.display
            ),
        )),
    }
}

fn ordinal(e: &Expr) -> Option<usize> {
    match e {
        Expr::Value(v) => match &v.value {
            Value::Number(n, _) => n.parse().ok(),
            _ => None,
        },
        _ => None,
    }
}

/// `x`, `t.x`, `(x)`: a pass-through.
fn is_bare_column(e: &Expr) -> bool {
    let mut e = e;
    // Iterative: parentheses may nest.
    loop {
        match e {
            Expr::Nested(inner) => e = inner,
            Expr::Identifier(_) | Expr::CompoundIdentifier(_) => return true,
            _ => return false,
        }
    }
}

/// Where an expression starts, found without recursion: its leftmost
/// leaf with a position.
fn leftmost_location(e: &Expr) -> Location {
    let mut e = e;
    let mut kids = Vec::new();
    loop {
        match e {
            Expr::Identifier(i) => return i.span.start,
            Expr::CompoundIdentifier(parts) => {
                return parts.first().map_or(Location::of(0, 0), |i| i.span.start);
            }
            Expr::Value(v) => return v.span.start,
            Expr::Function(f) => return name_location(&f.name),
            _ => {
                kids.clear();
                children(e, &mut kids);
                match kids.first() {
                    Some(Child::Expr(k, _)) => e = k,
                    _ => return Location::of(0, 0),
                }
            }
        }
    }
}

fn set_operation(
    l: Vec<Col>,
    r: Vec<Col>,
    op: SetOperator,
    by_name: bool,
    right: &SetExpr,
) -> Res<Vec<Col>> {
    // What decides which rows survive an INTERSECT or EXCEPT.
    let mut every_right = Lin::empty(Transform::Direct);
    if op != SetOperator::Union {
        for c in &r {
            every_right.add_as_influence(&c.lin);
        }
    }
    let pairs: Vec<(Col, Option<Col>)> = if by_name {
        let mut out: Vec<(Col, Option<Col>)> = Vec::new();
        for c in l {
            let m = r.iter().find(|x| same(&x.name, &c.name)).cloned();
            out.push((c, m));
        }
        for c in &r {
            if !out.iter().any(|(x, _)| same(&x.name, &c.name)) {
                out.push((c.clone(), None));
            }
        }
        out
    } else {
        if l.len() != r.len() {
            let at = match right {
                SetExpr::Select(s) => s.select_token.0.span.start,
                _ => Location::of(0, 0),
            };
            return Err(AnalysisError::new(
                AnalysisErrorKind::ColumnCount,
                at,
                format!(
                    "{op} of queries with different numbers of columns: {} on the left, {} on the right",
                    l.len(),
                    r.len()
                ),
            ));
        }
        l.into_iter().zip(r.into_iter().map(Some)).collect()
    };
    Ok(pairs
        .into_iter()
        .map(|(mut col, right)| {
            match op {
                SetOperator::Union => {
                    if let Some(right) = right {
                        col.lin.union(&right.lin);
                    }
                }
                // The left side's values survive; the right side decides
                // which rows do.
                SetOperator::Intersect | SetOperator::Except | SetOperator::Minus => {
                    col.lin
                        .influenced_by
                        .extend(every_right.influenced_by.iter().cloned());
                }
            }
            col
        })
        .collect())
}

/// `x -> …` or `(x -> …)`: a lambda, parentheses peeled.
fn as_lambda(e: &Expr) -> Option<&sqlparser::ast::LambdaFunction> {
    let mut e = e;
    loop {
        match e {
            Expr::Nested(inner) => e = inner,
            Expr::Lambda(l) => return Some(l),
            _ => return None,
        }
    }
}

/// One step of an expression walk: the walk keeps its own stack of these
/// instead of recursing, so a deep expression costs heap, not call stack.
enum Task<'e> {
    /// Walk an expression; `true` when its columns only influence.
    Expr(&'e Expr, bool),
    /// Analyse a subquery met in the expression.
    Query(&'e Query, bool),
    /// Enter a lambda passed to a function (`list_transform(xs, x -> …)`).
    Lambda(&'e sqlparser::ast::LambdaFunction, bool),
    /// Leave a lambda's body: forget its `n` parameters.
    EndLambda(usize),
}

/// Walks one expression, collecting lineage. Subqueries are analysed where
/// they are met (recursively: the parser bounds how deeply they nest).
struct ExprWalk<'w, 'c, 's, 'p> {
    walker: &'w mut Walker<'c>,
    ctx: &'w Ctx<'s, 'p>,
    depth: usize,
    lambda_params: Vec<String>,
    lin: Lin,
    upstream: Transform,
    aggregate: bool,
    window: bool,
}

impl<'s> ExprWalk<'_, '_, 's, '_> {
    fn run(&mut self, root: &Expr) -> Res<()> {
        let mut stack = vec![Task::Expr(root, false)];
        let mut kids: Vec<Child<'_>> = Vec::new();
        while let Some(task) = stack.pop() {
            match task {
                Task::EndLambda(n) => {
                    let keep = self.lambda_params.len().saturating_sub(n);
                    self.lambda_params.truncate(keep);
                }
                Task::Lambda(l, influence) => {
                    let before = self.lambda_params.len();
                    match &l.params {
                        OneOrManyWithParens::One(p) => {
                            self.lambda_params.push(p.name.value.clone());
                        }
                        OneOrManyWithParens::Many(ps) => self
                            .lambda_params
                            .extend(ps.iter().map(|p| p.name.value.clone())),
                    }
                    stack.push(Task::EndLambda(self.lambda_params.len() - before));
                    stack.push(Task::Expr(&l.body, influence));
                }
                Task::Query(q, influence) => {
                    let cols = self.walker.query(q, Some(self.ctx.scope), self.depth + 1)?;
                    for c in &cols {
                        self.take(&c.lin, influence);
                    }
                }
                Task::Expr(e, influence) => {
                    // Named windows' parts, walked before this expression's
                    // children (as influences).
                    let mut named: Vec<&Expr> = Vec::new();
                    match e {
                        // A lambda's parameters are not columns.
                        Expr::Identifier(ident) if !self.is_lambda_param(ident) => {
                            let lin = self.resolve(std::slice::from_ref(ident))?;
                            self.take(&lin, influence);
                        }
                        Expr::CompoundIdentifier(parts)
                            if !parts.first().is_some_and(|p| self.is_lambda_param(p)) =>
                        {
                            let lin = self.resolve(parts)?;
                            self.take(&lin, influence);
                        }
                        // Not a function's argument: DuckDB's JSON arrow
                        // `col -> 'key'`, which sqlparser parses as a
                        // lambda; its "parameter" is a column.
                        Expr::Lambda(l) => {
                            let params: Vec<&Ident> = match &l.params {
                                OneOrManyWithParens::One(p) => vec![&p.name],
                                OneOrManyWithParens::Many(ps) => {
                                    ps.iter().map(|p| &p.name).collect()
                                }
                            };
                            for p in params {
                                if !self.is_lambda_param(p) {
                                    let lin = self.resolve(std::slice::from_ref(p))?;
                                    self.take(&lin, influence);
                                }
                            }
                        }
                        Expr::Function(f) => match &f.over {
                            Some(WindowType::WindowSpec(spec)) => {
                                self.window = true;
                                if let Some(name) = &spec.window_name {
                                    self.named_window(name, &mut named)?;
                                }
                            }
                            Some(WindowType::NamedWindow(name)) => {
                                self.window = true;
                                self.named_window(name, &mut named)?;
                            }
                            None => {
                                if !influence && is_aggregate(f) {
                                    self.aggregate = true;
                                }
                            }
                        },
                        // Every other variant (and a lambda's parameter)
                        // matters only through its children, all listed
                        // by `children`.
                        _ => {}
                    }
                    kids.clear();
                    children(e, &mut kids);
                    let in_function = matches!(e, Expr::Function(_));
                    for kid in kids.iter().rev() {
                        match *kid {
                            Child::Expr(_, Role::Name) => {}
                            Child::Expr(k, role) if in_function && let Some(l) = as_lambda(k) => {
                                stack.push(Task::Lambda(l, influence || role == Role::Influence));
                            }
                            Child::Expr(k, role) => {
                                stack.push(Task::Expr(k, influence || role == Role::Influence));
                            }
                            Child::Query(q, role) => {
                                stack.push(Task::Query(q, influence || role == Role::Influence));
                            }
                        }
                    }
                    for e in named.into_iter().rev() {
                        stack.push(Task::Expr(e, true));
                    }
                }
            }
        }
        Ok(())
    }

    fn is_lambda_param(&self, ident: &Ident) -> bool {
        self.lambda_params.iter().any(|p| same(p, &ident.value))
    }

    fn take(&mut self, lin: &Lin, as_influence: bool) {
        if as_influence {
            self.lin.add_as_influence(lin);
        } else {
            self.lin.sources.extend(lin.sources.iter().cloned());
            self.lin
                .influenced_by
                .extend(lin.influenced_by.iter().cloned());
            self.upstream = self.upstream.max(lin.transform);
        }
    }

    fn resolve(&self, parts: &[Ident]) -> Res<Cow<'s, Lin>> {
        let Some(first) = parts.first() else {
            return Ok(Cow::Owned(Lin::empty(Transform::Constant)));
        };
        let mut scope = Some(self.ctx.scope);
        let mut aliases = Some(self.ctx.aliases);
        while let Some(s) = scope {
            if let Some(lin) = resolve_in(s, aliases.unwrap_or(&[]), parts)? {
                return Ok(lin);
            }
            scope = s.parent;
            aliases = None;
        }
        let at = first.span.start;
        let text = parts
            .iter()
            .map(|p| p.value.as_str())
            .collect::<Vec<_>>()
            .join(".");
        if parts.len() == 1 {
            Err(AnalysisError::new(
                AnalysisErrorKind::UnknownColumn,
                at,
                format!(
                    "unknown column {text}: no relation in scope has it{}",
                    available(self.ctx.scope)
                ),
            ))
        } else {
            Err(AnalysisError::new(
                AnalysisErrorKind::UnknownColumn,
                at,
                format!("unknown column {text}{}", available(self.ctx.scope)),
            ))
        }
    }

    /// `OVER w`: collects the named window's parts (outside this
    /// expression's tree), to be walked as influences. Named windows may
    /// refer to each other; the chain is followed at most once per
    /// definition.
    fn named_window(&self, name: &Ident, out: &mut Vec<&'s Expr>) -> Res<()> {
        let windows: &'s [NamedWindowDefinition] = self.ctx.named_windows;
        let mut name = name;
        for _ in 0..=windows.len() {
            let Some(def) = windows.iter().find(|d| same(&d.0.value, &name.value)) else {
                return Err(AnalysisError::new(
                    AnalysisErrorKind::Invalid,
                    name.span.start,
                    format!("unknown window {}", name.value),
                ));
            };
            match &def.1 {
                NamedWindowExpr::NamedWindow(next) => name = next,
                NamedWindowExpr::WindowSpec(spec) => {
                    out.extend(spec.partition_by.iter());
                    out.extend(spec.order_by.iter().map(|o| &o.expr));
                    match &spec.window_name {
                        Some(next) => name = next,
                        None => return Ok(()),
                    }
                }
            }
        }
        Err(AnalysisError::new(
            AnalysisErrorKind::Invalid,
            name.span.start,
            format!("window {} refers to itself", name.value),
        ))
    }
}

fn available(scope: &Scope<'_>) -> String {
    let names: Vec<String> = scope
        .rels
        .iter()
        .filter_map(|r| match &r.cols {
            Cols::Known(cols) => Some(format!(
                "{} ({})",
                r.display,
                cols.iter()
                    .map(|c| c.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
            Cols::Unknown { .. } => None,
        })
        .collect();
    if names.is_empty() {
        String::new()
    } else {
        format!("; known columns: {}", names.join("; "))
    }
}

/// Resolves a column name in one scope (not its parents); `None` when the
/// scope does not have it.
fn resolve_in<'a>(
    scope: &'a Scope<'_>,
    aliases: &'a [Col],
    parts: &[Ident],
) -> Res<Option<Cow<'a, Lin>>> {
    match parts {
        [name] => {
            if let Some(m) = scope.merged.iter().find(|m| same(&m.name, &name.value)) {
                return Ok(Some(Cow::Borrowed(&m.lin)));
            }
            let mut known = scope
                .rels
                .iter()
                .filter_map(|r| known_column(r, name).map(|l| (r, l)));
            let first = known.next();
            let second = known.next();
            match (first, second) {
                (Some((_, lin)), None) => return Ok(Some(lin)),
                (None, _) => {}
                (Some(a), Some(b)) => {
                    let several: Vec<(&Rel, Cow<'_, Lin>)> =
                        [a, b].into_iter().chain(known).collect();
                    return Err(AnalysisError::new(
                        AnalysisErrorKind::AmbiguousColumn,
                        name.span.start,
                        format!(
                            "ambiguous column {}: {} all have it; qualify it",
                            name.value,
                            several
                                .iter()
                                .map(|(r, _)| r.display.as_str())
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    ));
                }
            }
            if let Some(a) = aliases.iter().rev().find(|a| same(&a.name, &name.value)) {
                return Ok(Some(Cow::Borrowed(&a.lin)));
            }
            let unknown: Vec<&Rel> = scope
                .rels
                .iter()
                .filter(|r| matches!(r.cols, Cols::Unknown { .. }))
                .collect();
            match unknown.as_slice() {
                [] => Ok(None),
                [rel] => Ok(rel.column_ref(name)),
                several => Err(AnalysisError::new(
                    AnalysisErrorKind::UnknownSchema,
                    name.span.start,
                    format!(
                        "cannot tell which relation has column {}: the schemas of {} are unknown; qualify it",
                        name.value,
                        several
                            .iter()
                            .map(|r| r.display.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                )),
            }
        }
        [.., qualifier, column] => {
            let prefix = &parts[..parts.len() - 1];
            let full = prefix
                .iter()
                .map(|p| p.value.as_str())
                .collect::<Vec<_>>()
                .join(".");
            let rel = scope
                .rels
                .iter()
                .find(|r| r.answers_to(&full))
                .or_else(|| scope.rels.iter().find(|r| r.answers_to(&qualifier.value)));
            match rel {
                Some(rel) => match rel.column_ref(column) {
                    Some(lin) => Ok(Some(lin)),
                    None => Err(AnalysisError::new(
                        AnalysisErrorKind::UnknownColumn,
                        column.span.start,
                        format!(
                            "{} has no column {}{}",
                            rel.display,
                            column.value,
                            match &rel.cols {
                                Cols::Known(cols) => format!(
                                    " (it has {})",
                                    cols.iter()
                                        .map(|c| c.name.as_str())
                                        .collect::<Vec<_>>()
                                        .join(", ")
                                ),
                                Cols::Unknown { .. } => String::new(),
                            }
                        ),
                    )),
                },
                // `s.field`, `t.s.field`, `s.field.sub`: a struct
                // column's field.
                None => {
                    let field = |l: Cow<'a, Lin>| {
                        let mut l = l.into_owned();
                        l.transform = l.transform.max(Transform::Expression);
                        Cow::Owned(l)
                    };
                    let (Some(first), Some(second)) = (parts.first(), parts.get(1)) else {
                        return Ok(None);
                    };
                    if parts.len() > 2
                        && let Some(rel) = scope.rels.iter().find(|r| r.answers_to(&first.value))
                        && let Some(lin) = rel.column_ref(second)
                    {
                        return Ok(Some(field(lin)));
                    }
                    Ok(resolve_in(scope, aliases, std::slice::from_ref(first))?.map(field))
                }
            }
        }
        [] => Ok(None),
    }
}
