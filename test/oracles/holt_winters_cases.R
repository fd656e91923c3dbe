# Reference Holt-Winters fits and forecasts from R's stats::HoltWinters for test/unit/holt_winters_test.cpp.
# Run from the repository root: Rscript test/oracles/holt_winters_cases.R
# Writes test/data/holt_winters/<case>_data.csv (the series), <case>_forecast.csv (h, fit, upr, lwr at 17
# significant digits) and cases.csv (arguments, NA = fitted by R, and R's parameters, coefficients, SSE).
out_dir <- file.path("test", "data", "holt_winters")
dir.create(out_dir, recursive = TRUE, showWarnings = FALSE)

set.seed(20261121)
daily <- local({
  t <- 0:364
  ts(200 + 0.2 * t + c(-8, -5, -2, 0, 3, 12, 0)[t %% 7 + 1] + rnorm(365, sd = 2), frequency = 7)
})
nile <- Nile

cases <- list(
  list(name = "co2_given", x = co2, seasonal = "additive", args = list(alpha = 0.5, beta = 0.01, gamma = 0.4), h = 36),
  list(name = "co2_fitted", x = co2, seasonal = "additive", args = list(), h = 24),
  list(name = "air_mult_given", x = AirPassengers, seasonal = "multiplicative",
       args = list(alpha = 0.3, beta = 0.05, gamma = 0.6), h = 11),
  list(name = "air_mult_fitted", x = AirPassengers, seasonal = "multiplicative", args = list(), h = 11),
  list(name = "daily_given", x = daily, seasonal = "additive", args = list(alpha = 0.2, beta = 0.1, gamma = 0.3), h = 28),
  list(name = "daily_fitted", x = daily, seasonal = "additive", args = list(), h = 28),
  list(name = "nile_level_only", x = nile, seasonal = "none", args = list(beta = FALSE, gamma = FALSE), h = 5),
  list(name = "nile_trend_given", x = nile, seasonal = "none", args = list(alpha = 0.4, beta = 0.2, gamma = FALSE), h = 5)
)

fmt <- function(v) sprintf("%.17g", v)
rows <- list()
for (case in cases) {
  args <- case$args
  if (case$seasonal != "none") args$seasonal <- case$seasonal
  fit <- do.call(HoltWinters, c(list(case$x), args))
  pred <- predict(fit, n.ahead = case$h, prediction.interval = TRUE, level = 0.95)
  write.csv(data.frame(value = fmt(as.numeric(case$x))), file.path(out_dir, paste0(case$name, "_data.csv")),
            row.names = FALSE, quote = FALSE)
  write.csv(data.frame(h = seq_len(case$h), fit = fmt(pred[, "fit"]), upr = fmt(pred[, "upr"]), lwr = fmt(pred[, "lwr"])),
            file.path(out_dir, paste0(case$name, "_forecast.csv")), row.names = FALSE, quote = FALSE)
  given <- function(a) { v <- case$args[[a]]; if (is.null(v)) "NA" else if (is.logical(v)) "FALSE" else fmt(v) }
  coef_b <- if ("b" %in% names(fit$coefficients)) fit$coefficients[["b"]] else 0
  rows[[case$name]] <- c(name = case$name, period = frequency(case$x), seasonal = case$seasonal,
                         alpha = given("alpha"), beta = given("beta"), gamma = given("gamma"), h = case$h,
                         r_alpha = fmt(fit$alpha), r_beta = fmt(as.numeric(fit$beta)), r_gamma = fmt(as.numeric(fit$gamma)),
                         r_a = fmt(fit$coefficients[["a"]]), r_b = fmt(coef_b), r_sse = fmt(fit$SSE))
}
write.csv(do.call(rbind, rows), file.path(out_dir, "cases.csv"), row.names = FALSE, quote = FALSE)
cat(R.version.string, "\n")
