select * replace (lower(email) as email, upper(country) as country) from crm.customers
