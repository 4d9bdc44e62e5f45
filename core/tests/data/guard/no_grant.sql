-- console
-- a statement no rule names is refused by its own first words
  grant select on vlt.customer to analyst
