-- console
select * from src.src_till__orders where note = 'data.csv'
