-- console
select * from src.x a join read_csv('b.csv') b on a.id = b.id
