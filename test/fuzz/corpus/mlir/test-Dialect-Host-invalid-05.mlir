umc_host.executable @empty {
}
