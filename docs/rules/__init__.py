"""Rule reference pages, shipped as the package ``checker_rule_docs`` so ``checker explain`` can print them."""
