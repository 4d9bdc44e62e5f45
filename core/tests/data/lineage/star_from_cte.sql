with c as (select customer_id, name from crm.customers) select * from c
