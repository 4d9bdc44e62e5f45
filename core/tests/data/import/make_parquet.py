"""Writes the Parquet import fixtures next to this file with DuckDB, the
writer most users' files come from. Run it with any Python that has the
`duckdb` package (`target/venv-dbt/bin/python`, made by `cargo xtask test
dbt`); the files are committed, so the tests do not need Python."""

import pathlib

import duckdb

here = pathlib.Path(__file__).parent
db = duckdb.connect()

every_type = """
select * from (values
  (1, true, 7::tinyint, 300::smallint, 2147483647, 9007199254740993::bigint,
   4000000000::uinteger, 18446744073709551615::ubigint, 1.5::float, 2.25::double,
   123.456::decimal(9,3), -98765432109876.54321::decimal(38,5), 'plain',
   'quote " comma , newline
 and ünïcödé', date '2024-03-01', timestamp '2024-03-01 12:30:05.123456',
   timestamptz '2024-03-01 12:30:05+00', time '08:15:00', 'ab'::blob,
   uuid '12345678-1234-5678-1234-567812345678', 'b'::enum_abc),
  (2, false, -7::tinyint, -300::smallint, -2147483648, -1::bigint,
   0::uinteger, 0::ubigint, -0.5::float, -1e300::double,
   -0.001::decimal(9,3), 0::decimal(38,5), '',
   null, date '1969-12-31', timestamp '1900-01-01 00:00:00',
   null, time '23:59:59.999', ''::blob, null, null),
  (3, null, null, null, null, null, null, null, null, null, null, null, null,
   null, null, null, null, null, null, null, null)
) t(id, flag, tiny, small, int32, int64, uint32, uint64, real, dbl, price, big_decimal,
    label, tricky_text, day, moment, moment_tz, clock, payload, uuid, letter)
"""
db.execute("create type enum_abc as enum ('a', 'b', 'c')")

def write(name, sql, options):
    path = here / name
    db.execute(f"copy ({sql}) to '{path}' (format parquet, {options})")

write("good_every_type.parquet", every_type, "compression snappy")
write("good_gzip_row_groups.parquet",
      "select i as order_id, 'customer ' || (i % 7) as \"Customer Name\", i * 1.5 as amount "
      "from range(2500) r(i)",
      "compression gzip, row_group_size 1000")
write("good_uncompressed_required.parquet",
      "select i::integer as n from range(3) r(i)", "compression uncompressed")
write("bad_zstd.parquet", "select 1 as id, 'x' as name", "compression zstd")
write("bad_nested.parquet",
      "select 1 as id, [1, 2] as tags, {'a': 1} as attrs", "compression snappy")
# A value bomb: a hundred million equal values in a few KB. Dictionary and
# run-length encoding are not compression, so the sizes the footer declares
# stay small; the reader refuses it from the row count, before decoding.
write("bad_value_bomb.parquet",
      "select 0::integer as n from range(100000000) r(i)",
      "compression snappy, row_group_size 100000000")

# A file cut short, and a file that is not Parquet at all.
whole = (here / "good_gzip_row_groups.parquet").read_bytes()
(here / "bad_truncated.parquet").write_bytes(whole[: len(whole) // 2])
(here / "bad_not_parquet.parquet").write_bytes(b"id,name\n1,a\n")

# One damaged byte inside a data page that makes the `parquet` crate
# panic (an assertion in its plain decoder): the reader must report it as
# damage, natively and in the browser's worker. The offset fits the file
# written above; after regenerating, find a new one with a byte-flip scan.
damaged = bytearray((here / "good_every_type.parquet").read_bytes())
damaged[543] ^= 0x5A
(here / "bad_damaged_page.parquet").write_bytes(bytes(damaged))
