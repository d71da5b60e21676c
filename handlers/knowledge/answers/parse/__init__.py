"""A question becomes a logical form (`forms.Query`): `grammar.understand` normalises the words
(`normalise`), recognises what they name (`words`, `years`) and tries the rules of each family (`program`,
`chairs`, `members`, `statements`, `taskforces`, `bodies`, `compare`, sharing `clauses`); the first form
that reads every word that carries meaning (`gaps`) is the question's."""
