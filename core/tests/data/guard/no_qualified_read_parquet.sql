-- console
select * from main.read_parquet('x.parquet')
