/**
 * drplan's providers on AWS (SDK for Java v2). Start with {@link io.drplan.aws.AwsClients} and
 * {@link io.drplan.aws.AwsProviders}; {@link io.drplan.core.spi.Operations} names every API call and
 * {@link io.drplan.aws.IamPermissions} maps them to IAM actions and a least-privilege policy.
 * Implementations are package-private.
 */
package io.drplan.aws;
