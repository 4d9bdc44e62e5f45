-- console
select unnest([1, 2, 3]) as x
