"""A logical form executed over the knowledge model and worded with its sources: `dispatch.run` hands it
to the module of its family (`countries`, `chairs`, `compare`, `statements`, `bodies`, `program`, `checks`,
`describe`), which share the years of a `TimeRef` (`years`) and what a text mentions (`mentions`)."""
