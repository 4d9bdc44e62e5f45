-- console
select * from duckdb_tables()
