-- console
select * from 'x.parquet'
