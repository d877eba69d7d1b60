# The runbook's infrastructure/terraform as Procedure3RealPeersIT applies it: the variables the plan's
# activate-dr-infra step passes, built-in terraform_data resources only (no provider download, no network).
variable "environment" {
  type = string
}
variable "enable_backup" {
  type = bool
}

resource "terraform_data" "network" {
  input = "vibe-vpc-${var.environment}"
}

resource "terraform_data" "alb" {
  input = "vibe-alb-${var.environment}"
  depends_on = [terraform_data.network]
}

resource "terraform_data" "backup_vault" {
  count = var.enable_backup ? 1 : 0
  input = "vibe-backup-${var.environment}"
}

output "alb_dns_name" {
  value = "${terraform_data.alb.output}.us-west-2.elb.amazonaws.com"
}
