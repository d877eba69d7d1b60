package io.drplan.aws;

/** Who the credentials belong to, from STS {@code GetCallerIdentity}: the preflight that they work. */
public record CallerIdentity(String account, String arn, String userId) { }
