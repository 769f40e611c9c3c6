/** The feedback screens' paths (public pages in Vietnamese slugs, staff pages under /phan-anh-kien-nghi). */
export const FEEDBACK_PATHS = {
  public: '/phan-anh',
  submit: '/phan-anh/gui',
  track: '/phan-anh/theo-doi',
  queue: '/phan-anh-kien-nghi',
  stats: '/phan-anh-kien-nghi/thong-ke',
} as const;
