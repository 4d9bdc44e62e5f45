// Turning Arrow columns from DuckDB into display text and DuckDB type names,
// the way DuckDB's own shell prints them (DECIMAL keeps its scale, dates are
// ISO dates, BIGINTs keep every digit).

import { Type, util } from 'apache-arrow';

/** The DuckDB name of an Arrow type (`INTEGER`, `DECIMAL(18,1)`, `VARCHAR[]`). */
export function typeName(type) {
  switch (type.typeId) {
    case Type.Null: return 'NULL';
    case Type.Bool: return 'BOOLEAN';
    case Type.Int: {
      const name = { 8: 'TINYINT', 16: 'SMALLINT', 32: 'INTEGER', 64: 'BIGINT' }[type.bitWidth];
      return type.isSigned ? name : `U${name}`;
    }
    case Type.Float: return type.precision === 2 ? 'DOUBLE' : 'FLOAT';
    case Type.Decimal: return `DECIMAL(${type.precision},${type.scale})`;
    case Type.Utf8:
    case Type.LargeUtf8: return 'VARCHAR';
    case Type.Binary:
    case Type.LargeBinary:
    case Type.FixedSizeBinary: return 'BLOB';
    case Type.Date: return 'DATE';
    case Type.Time: return 'TIME';
    case Type.Timestamp: return type.timezone ? 'TIMESTAMP WITH TIME ZONE' : 'TIMESTAMP';
    case Type.Interval:
    case Type.Duration: return 'INTERVAL';
    case Type.List:
    case Type.FixedSizeList: return `${typeName(type.children[0].type)}[]`;
    case Type.Struct:
      return `STRUCT(${type.children.map((f) => `${f.name} ${typeName(f.type)}`).join(', ')})`;
    case Type.Map: return 'MAP';
    case Type.Dictionary: return typeName(type.dictionary);
    default: return String(type);
  }
}

/** A function turning one value of `type` into text; `null` stays `null`. */
export function formatter(type) {
  return nullable(valueFormatter(type));
}

function nullable(format) {
  return (value) => (value === null || value === undefined ? null : format(value));
}

function valueFormatter(type) {
  switch (type.typeId) {
    case Type.Decimal:
      return (value) => decimal(util.bigNumToBigInt(value), type.scale);
    case Type.Date:
      return (value) => iso(value).slice(0, 10);
    case Type.Timestamp:
      return (value) => {
        const text = iso(value).replace('T', ' ').replace(/\.000Z$/, 'Z');
        return type.timezone ? text.replace(/Z$/, '+00') : text.replace(/Z$/, '');
      };
    case Type.Binary:
    case Type.LargeBinary:
    case Type.FixedSizeBinary:
      return (value) => Array.from(value, (b) => `\\x${b.toString(16).padStart(2, '0')}`).join('');
    default:
      return text;
  }
}

function text(value) {
  if (typeof value === 'string') return value;
  if (typeof value === 'bigint' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString();
  const json = typeof value.toJSON === 'function' ? value.toJSON() : value;
  return JSON.stringify(json, (_key, v) => (typeof v === 'bigint' ? v.toString() : v));
}

function iso(epochMs) {
  const date = new Date(Number(epochMs));
  return Number.isNaN(date.getTime()) ? String(epochMs) : date.toISOString();
}

/** The unscaled integer `unscaled` shown with `scale` decimal places. */
export function decimal(unscaled, scale) {
  const negative = unscaled < 0n;
  let digits = (negative ? -unscaled : unscaled).toString();
  if (scale > 0) {
    digits = digits.padStart(scale + 1, '0');
    digits = `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  }
  return negative ? `-${digits}` : digits;
}
