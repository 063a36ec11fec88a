func.func @mask_attribute() attributes {mask = #umc.mask<sliding_window, window = 8>} {
  return
}
