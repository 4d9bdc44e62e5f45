-- console
select * from src.x where id in (select id from read_parquet('s3://b/x.parquet'))
