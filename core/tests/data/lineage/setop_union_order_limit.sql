select name, created_at from crm.customers
union
select name, created_at from legacy.customers
order by created_at desc
limit 10
