"""A question becomes a logical form (`forms.Query`): `grammar.understand` normalises the words
(`normalise`), recognises what they name (`words`, `years`) and tries the rules of each family (`program`,
`chairs`, `members`, `statements`, `taskforces`, `bodies`, `compare`, sharing `clauses`); the first form
that reads every word that carries meaning is the question's (`gaps`, by the rule in `coverage`, over the
words of `glue`, `vocabulary` and `attributes`)."""
