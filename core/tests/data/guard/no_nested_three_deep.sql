-- console
select * from (select * from (select * from (select * from read_json('x.json'))))
