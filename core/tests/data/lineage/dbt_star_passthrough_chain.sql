with a as (select * from pos.stores),
b as (select * from a),
c as (select * from b where region <> 'closed')
select * from c
