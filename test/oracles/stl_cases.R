# Reference decompositions from R's stats::stl for test/unit/stl_test.cpp.
# Run from the repository root: Rscript test/oracles/stl_cases.R
# Writes test/data/stl/<case>.csv (index, data, seasonal, trend, remainder, weights at 17 significant
# digits) and test/data/stl/cases.csv (the arguments of each case, NA = R's default, and the windows,
# degrees, jumps and iteration counts R reports back).
out_dir <- file.path("test", "data", "stl")
dir.create(out_dir, recursive = TRUE, showWarnings = FALSE)

# Deterministic synthetic series: trend, seasonal pattern, noise and a few gross outliers.
set.seed(20261121)
daily <- local({
  n <- 730
  t <- seq_len(n)
  weekday <- c(0.8, 0.9, 1.0, 1.05, 1.2, 1.6, 1.4)
  y <- 100 + 0.05 * t + 8 * sin(2 * pi * t / 365.25) + 12 * weekday[(t - 1) %% 7 + 1] + rnorm(n, sd = 3)
  y[c(50, 333, 600)] <- y[c(50, 333, 600)] + c(40, -35, 60)
  ts(y, frequency = 7)
})
short <- ts(as.numeric(co2)[1:29], frequency = 12)
quarterly <- local({
  n <- 41
  t <- seq_len(n)
  ts(50 + 0.3 * t + c(5, -2, -6, 3)[(t - 1) %% 4 + 1] + rnorm(n), frequency = 4)
})
co2_outliers <- local({
  y <- as.numeric(co2)
  y[c(30, 200, 201, 400)] <- y[c(30, 200, 201, 400)] + c(5, -4, 6, -8)
  ts(y, frequency = 12)
})

cases <- list(
  list(name = "co2_periodic", x = co2, args = list(s.window = "periodic")),
  list(name = "co2_robust", x = co2_outliers, args = list(s.window = 13, robust = TRUE)),
  list(name = "co2_windows_degrees", x = co2,
       args = list(s.window = 7, s.degree = 1, t.window = 30, t.degree = 0, l.window = 15, l.degree = 0)),
  list(name = "co2_jumps", x = co2, args = list(s.window = 35, s.jump = 3, t.jump = 5, l.jump = 4)),
  list(name = "co2_jump_beyond_half", x = co2, args = list(s.window = 9, t.window = 21, t.jump = 19)),
  list(name = "co2_even_small", x = co2, args = list(s.window = 2, l.window = 10)),
  list(name = "co2_iterations", x = co2_outliers, args = list(s.window = 11, inner = 3, outer = 2)),
  list(name = "short_29", x = short, args = list(s.window = 7)),
  list(name = "short_29_periodic_robust", x = short, args = list(s.window = "periodic", robust = TRUE)),
  list(name = "quarterly_41", x = quarterly, args = list(s.window = 5, t.degree = 0)),
  list(name = "daily_7", x = daily, args = list(s.window = 15)),
  list(name = "daily_7_robust_periodic", x = daily, args = list(s.window = "periodic", robust = TRUE)),
  list(name = "daily_7_robust_jumps", x = daily, args = list(s.window = 21, robust = TRUE, s.jump = 1, t.jump = 7))
)

arg_names <- c("s.window", "s.degree", "t.window", "t.degree", "l.window", "l.degree",
               "s.jump", "t.jump", "l.jump", "robust", "inner", "outer")
fmt <- function(v) sprintf("%.17g", v)
rows <- list()
for (case in cases) {
  fit <- do.call(stl, c(list(case$x), case$args))
  comp <- fit$time.series
  table <- data.frame(index = seq_along(case$x), data = fmt(as.numeric(case$x)),
                      seasonal = fmt(comp[, "seasonal"]), trend = fmt(comp[, "trend"]),
                      remainder = fmt(comp[, "remainder"]), weights = fmt(fit$weights))
  write.csv(table, file.path(out_dir, paste0(case$name, ".csv")), row.names = FALSE, quote = FALSE)
  given <- sapply(arg_names, function(a) if (is.null(case$args[[a]])) "NA" else as.character(case$args[[a]]))
  rows[[case$name]] <- c(name = case$name, period = frequency(case$x), given,
                         r_s_window = fit$win[["s"]], r_t_window = fit$win[["t"]], r_l_window = fit$win[["l"]],
                         r_s_degree = fit$deg[["s"]], r_t_degree = fit$deg[["t"]], r_l_degree = fit$deg[["l"]],
                         r_s_jump = fit$jump[["s"]], r_t_jump = fit$jump[["t"]], r_l_jump = fit$jump[["l"]],
                         r_inner = fit$inner, r_outer = fit$outer)
}
summary_table <- do.call(rbind, rows)
colnames(summary_table) <- gsub(".", "_", colnames(summary_table), fixed = TRUE)
write.csv(summary_table, file.path(out_dir, "cases.csv"), row.names = FALSE, quote = FALSE)
cat(R.version.string, "\n")
