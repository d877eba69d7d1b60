/**
 * drplan on the {@code terraform} CLI: {@link io.drplan.terraform.TerraformProvider}, the
 * {@link io.drplan.core.spi.InfrastructureProvider} that runs {@code init}, workspaces,
 * {@code plan -out} and {@code apply} of that plan, streams {@code -json} progress, passes secret
 * variables only as {@code TF_VAR_*}, and checks the state is available in the DR region
 * ({@link io.drplan.terraform.StateCheck}).
 */
package io.drplan.terraform;
