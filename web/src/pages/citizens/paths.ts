/** The citizen portal's paths (the shell's PATHS has submit and myDossiers). */
export const CITIZEN_PATHS = {
  submit: '/cong-dan/nop-ho-so',
  warehouse: '/cong-dan/kho-du-lieu',
  todo: '/cong-dan/viec-can-lam',
  payPrefix: '/cong-dan/thanh-toan/',
  ratePrefix: '/cong-dan/danh-gia/',
  register: '/dang-ky',
  vneidSandbox: '/vneid-thu-nghiem',
  vneidCallback: '/dang-nhap/vneid',
  gatewayPrefix: '/cong-thanh-toan-thu-nghiem/',
  onceOnly: '/quan-tri/mot-lan',
  privacy: '/cong-dan/du-lieu-ca-nhan',
  privacyAdmin: '/quan-tri/du-lieu-ca-nhan',
  corrections: '/mot-cua/yeu-cau-chinh-sua',
} as const;
