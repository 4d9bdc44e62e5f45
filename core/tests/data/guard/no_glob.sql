-- console
select * from glob('*')
