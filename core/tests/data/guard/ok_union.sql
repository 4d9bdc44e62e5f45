-- console
select 1 as a union all select 2
