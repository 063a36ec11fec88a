module attributes {umc.tokenizer = "sentencepiece"} {}
