func.func @mask_attribute() attributes {umc.mask = #umc.mask<sliding_window, window = 8>} {
  return
}
