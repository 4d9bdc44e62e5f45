select id as customer_id, concat_ws(' ', first_name, last_name) as full_name, concat(first_name, '.', last_name) as handle
from jaffle.raw_customers
