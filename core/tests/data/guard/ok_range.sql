-- console
select * from range(10) r, generate_series(1, 3) g
