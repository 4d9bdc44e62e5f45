-- console
select 1;
attach 'x.db'
