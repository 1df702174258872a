"""The lab's local AWS endpoint (see tests/lab/README.md, "AWS endpoint").

Checks what the real services check (SigV4 with botocore's own signer, error
shapes from the service models, Route 53's change-batch rules) so that the C
client is tested against something that can say no.
"""
