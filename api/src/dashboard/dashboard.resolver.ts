import { Arg, Int, Query, Resolver } from "type-graphql";
import type { DashboardService } from "./dashboard.service.js";
import { DashboardStats } from "./dashboard.type.js";

@Resolver(() => DashboardStats)
export class DashboardResolver {
  constructor(private readonly dashboard: DashboardService) {}

  @Query(() => DashboardStats)
  dashboardStats(
    @Arg("days", () => Int, { defaultValue: 14, description: "Window for per-day figures." }) days: number,
  ): Promise<DashboardStats> {
    return this.dashboard.stats(days);
  }
}
