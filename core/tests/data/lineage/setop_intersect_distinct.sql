select email from crm.customers
intersect
select email from shopify.customers
